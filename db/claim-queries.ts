// Claims of trials being evaluated (submission_claims): MCP submissions and the runner's own
// trials, the rows a budget check counts.
import { and, eq, inArray, isNull, notExists, sql } from "drizzle-orm";
import type { Db } from "./client";
import { submissionClaims, trialJobs, trials } from "./schema";

/** A run's claims whose trial is not recorded yet, with the process that holds each. */
export const openClaimsOfRun = (db: Db, runId: string) =>
  db
    .select({ trialId: submissionClaims.trialId, pid: submissionClaims.pid })
    .from(submissionClaims)
    .leftJoin(trials, eq(trials.id, submissionClaims.trialId))
    .where(and(eq(submissionClaims.runId, runId), isNull(trials.id)))
    .all();

export function insertClaim(db: Db, row: typeof submissionClaims.$inferInsert): void {
  db.insert(submissionClaims).values(row).run();
}

export function deleteClaims(db: Db, trialIds: string[]): void {
  if (trialIds.length) db.delete(submissionClaims).where(inArray(submissionClaims.trialId, trialIds)).run();
}

/** A run's job rows whose trial holds no claim (an adopted or a dead runner's job): counted besides the claims. */
export const countUnclaimedJobsOfRun = (db: Db, runId: string) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(trialJobs)
    .where(
      and(
        eq(trialJobs.runId, runId),
        notExists(
          db
            .select({ one: sql`1` })
            .from(submissionClaims)
            .where(eq(submissionClaims.trialId, trialJobs.id)),
        ),
      ),
    )
    .get()!.n;
