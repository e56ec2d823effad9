// The loop runner's reads and writes: code snapshots, run leases, trial jobs, run status, and the
// few trial reads a proposal's context needs (each bounded by a LIMIT, served by an index).
import { and, asc, desc, eq, inArray, isNotNull, ne, sql } from "drizzle-orm";
import type { Db } from "./client";
import { codeBlobs, codeSnapshots, reevalJobs, runLeases, runners, runs, startedRuns, trialCode, trialJobs, trials } from "./schema";

type LeaseRow = typeof runLeases.$inferSelect;
type JobRow = typeof trialJobs.$inferSelect;
type StartedRunRow = typeof startedRuns.$inferSelect;
type RunnerRow = typeof runners.$inferSelect;
export type ReevalJobRow = typeof reevalJobs.$inferSelect;

export function insertBlobIfMissing(db: Db, hash: string, content: string): void {
  db.insert(codeBlobs)
    .values({ hash, content, bytes: Buffer.byteLength(content) })
    .onConflictDoNothing()
    .run();
}
export function insertSnapshotIfMissing(db: Db, hash: string, files: Record<string, string>): void {
  db.insert(codeSnapshots).values({ hash, files }).onConflictDoNothing().run();
}
export const getSnapshot = (db: Db, hash: string) => db.select().from(codeSnapshots).where(eq(codeSnapshots.hash, hash)).get();
export function getBlobs(db: Db, hashes: string[]) {
  return hashes.length === 0 ? [] : db.select().from(codeBlobs).where(inArray(codeBlobs.hash, hashes)).all();
}
export function insertTrialCode(db: Db, trialId: string, snapshotHash: string, evaluatorHash: string | null = null): void {
  db.insert(trialCode).values({ trialId, snapshotHash, evaluatorHash }).run();
}
export const getTrialCodeRow = (db: Db, trialId: string) => db.select().from(trialCode).where(eq(trialCode.trialId, trialId)).get();
export const getTrialSnapshotHash = (db: Db, trialId: string) => db.select().from(trialCode).where(eq(trialCode.trialId, trialId)).get()?.snapshotHash;

// --- leases ---
export const getLease = (db: Db, runId: string) => db.select().from(runLeases).where(eq(runLeases.runId, runId)).get();
export function upsertLease(db: Db, lease: LeaseRow): void {
  db.insert(runLeases)
    .values(lease)
    .onConflictDoUpdate({ target: runLeases.runId, set: { runnerId: lease.runnerId, pid: lease.pid, heartbeatAt: lease.heartbeatAt } })
    .run();
}
export function beatLeases(db: Db, runnerId: string, at: string): void {
  db.update(runLeases).set({ heartbeatAt: at }).where(eq(runLeases.runnerId, runnerId)).run();
}
export function deleteLease(db: Db, runId: string, runnerId: string): void {
  db.delete(runLeases)
    .where(and(eq(runLeases.runId, runId), eq(runLeases.runnerId, runnerId)))
    .run();
}

// --- jobs ---
export function insertJob(db: Db, job: JobRow): void {
  db.insert(trialJobs).values(job).run();
}
export function setJobPgid(db: Db, id: string, pgid: number): void {
  db.update(trialJobs).set({ pgid }).where(eq(trialJobs.id, id)).run();
}
/** The executor's name and its id for the job (a process group id is kept in pgid as well). */
export function setJobExecutorId(db: Db, id: string, executor: string, executorJobId: string, pgid: number | null): void {
  db.update(trialJobs).set({ executor, executorJobId, pgid }).where(eq(trialJobs.id, id)).run();
}
export function deleteJob(db: Db, id: string): void {
  db.delete(trialJobs).where(eq(trialJobs.id, id)).run();
}
export const jobsOfRunner = (db: Db, runnerId: string) => db.select().from(trialJobs).where(eq(trialJobs.runnerId, runnerId)).all();
export const jobsOfRun = (db: Db, runId: string) => db.select().from(trialJobs).where(eq(trialJobs.runId, runId)).orderBy(trialJobs.startedAt).all();
export const countJobsOfRun = (db: Db, runId: string) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(trialJobs)
    .where(eq(trialJobs.runId, runId))
    .get()!.n;

// --- runs ---
/** Runs a runner should drive: started through the run-starting service and running, oldest first. */
export const activeRunIds = (db: Db) =>
  db
    .select({ id: runs.id })
    .from(runs)
    .innerJoin(startedRuns, eq(startedRuns.runId, runs.id))
    .where(eq(runs.status, "running"))
    .orderBy(sql`"runs"."rowid"`)
    .all()
    .map((r) => r.id);
export function insertStartedRun(db: Db, row: StartedRunRow): void {
  db.insert(startedRuns).values(row).run();
}
export const getStartedRun = (db: Db, runId: string) => db.select().from(startedRuns).where(eq(startedRuns.runId, runId)).get();
export function setRunStatus(db: Db, runId: string, status: string, finishedAt: string | null): void {
  db.update(runs).set({ status, finishedAt }).where(eq(runs.id, runId)).run();
}
export const countRuns = (db: Db) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(runs)
    .get()!.n;

// --- trials for a proposal's context ---
const CONTEXT_COLUMNS = {
  id: trials.id,
  seq: trials.seq,
  agentId: trials.agentId,
  hypothesis: trials.hypothesis,
  diff: trials.diff,
  score: trials.score,
  metrics: trials.metrics,
  failure: trials.failure,
  failureDetail: trials.failureDetail,
  feedback: trials.feedback,
  kept: trials.kept,
  isBest: trials.isBest,
  deltaVsParent: trials.deltaVsParent,
  artifactBytes: trials.artifactBytes,
  extra: trials.extra,
};
export type ContextTrialRow = { [K in keyof typeof CONTEXT_COLUMNS]: (typeof CONTEXT_COLUMNS)[K]["_"]["data"] | null } & { id: string; seq: number };

export const recentTrials = (db: Db, runId: string, limit: number) =>
  db.select(CONTEXT_COLUMNS).from(trials).where(eq(trials.runId, runId)).orderBy(desc(trials.seq)).limit(limit).all() as ContextTrialRow[];
export const contextTrialsByIds = (db: Db, ids: string[]) =>
  (ids.length === 0 ? [] : db.select(CONTEXT_COLUMNS).from(trials).where(inArray(trials.id, ids)).all()) as ContextTrialRow[];
/** Scored trials best first (the caller passes the direction). */
export const topScoredTrials = (db: Db, runId: string, minimize: boolean, limit: number) =>
  db
    .select(CONTEXT_COLUMNS)
    .from(trials)
    .where(and(eq(trials.runId, runId), isNotNull(trials.score)))
    .orderBy(minimize ? sql`score ASC, seq ASC` : sql`score DESC, seq ASC`)
    .limit(limit)
    .all() as ContextTrialRow[];

// --- runner processes ---
export function insertRunner(db: Db, row: RunnerRow): void {
  db.insert(runners).values(row).run();
}
export function beatRunner(db: Db, id: string, at: string): void {
  db.update(runners).set({ heartbeatAt: at }).where(eq(runners.id, id)).run();
}
export function deleteRunner(db: Db, id: string): void {
  db.delete(runners).where(eq(runners.id, id)).run();
}
export const otherRunners = (db: Db, id: string) => db.select().from(runners).where(ne(runners.id, id)).all();
export const runnersOfKind = (db: Db, kind: string) => db.select().from(runners).where(eq(runners.kind, kind)).all();

// --- the re-evaluation queue ---
export function insertReevalJob(db: Db, row: ReevalJobRow): void {
  db.insert(reevalJobs).values(row).run();
}
export const getReevalJob = (db: Db, id: string) => db.select().from(reevalJobs).where(eq(reevalJobs.id, id)).get();
export const countReevalJobs = (db: Db, status: string) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(reevalJobs)
    .where(eq(reevalJobs.status, status))
    .get()!.n;
export const oldestQueuedReeval = (db: Db) =>
  db.select().from(reevalJobs).where(eq(reevalJobs.status, "queued")).orderBy(asc(reevalJobs.createdAt), asc(reevalJobs.id)).limit(1).get();
/** Takes a queued job for a runner; false if another took it first. */
export function takeReevalJob(db: Db, id: string, runnerId: string, workspace: string, at: string): boolean {
  return (
    db
      .update(reevalJobs)
      .set({ status: "running", runnerId, workspace, startedAt: at })
      .where(and(eq(reevalJobs.id, id), eq(reevalJobs.status, "queued")))
      .run().changes === 1
  );
}
export function setReevalPgid(db: Db, id: string, pgid: number): void {
  db.update(reevalJobs).set({ pgid }).where(eq(reevalJobs.id, id)).run();
}
export function setReevalExecutorId(db: Db, id: string, executor: string, executorJobId: string, pgid: number | null): void {
  db.update(reevalJobs).set({ executor, executorJobId, pgid }).where(eq(reevalJobs.id, id)).run();
}
export function finishReevalJob(db: Db, id: string, result: { status: "done" | "failed"; reevaluationId?: string; error?: string }, at: string): void {
  db.update(reevalJobs)
    .set({ status: result.status, reevaluationId: result.reevaluationId ?? null, error: result.error ?? null, pgid: null, executorJobId: null, finishedAt: at })
    .where(eq(reevalJobs.id, id))
    .run();
}
export const runningReevalsOf = (db: Db, runnerId: string) =>
  db
    .select()
    .from(reevalJobs)
    .where(and(eq(reevalJobs.runnerId, runnerId), eq(reevalJobs.status, "running")))
    .all();
/** The trial's latest re-evaluation requests, newest first. */
export const reevalJobsOfTrial = (db: Db, trialId: string, limit: number) =>
  db.select().from(reevalJobs).where(eq(reevalJobs.trialId, trialId)).orderBy(desc(reevalJobs.createdAt), desc(reevalJobs.id)).limit(limit).all();
