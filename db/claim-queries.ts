// Claims of MCP submissions being evaluated (submission_claims): the rows a budget check counts.
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "./client";
import { submissionClaims, trials } from "./schema";

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
