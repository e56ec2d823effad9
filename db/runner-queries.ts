// The loop runner's reads and writes: code snapshots, run leases, trial jobs, run status, and the
// few trial reads a proposal's context needs (each bounded by a LIMIT, served by an index).
import { and, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "./client";
import { codeBlobs, codeSnapshots, runLeases, runs, trialCode, trialJobs, trials } from "./schema";

export type LeaseRow = typeof runLeases.$inferSelect;
export type JobRow = typeof trialJobs.$inferSelect;

export function insertBlobIfMissing(db: Db, hash: string, content: string): void {
  db.insert(codeBlobs).values({ hash, content, bytes: Buffer.byteLength(content) }).onConflictDoNothing().run();
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
export const getTrialSnapshotHash = (db: Db, trialId: string) =>
  db.select().from(trialCode).where(eq(trialCode.trialId, trialId)).get()?.snapshotHash;

// --- leases ---
export const getLease = (db: Db, runId: string) => db.select().from(runLeases).where(eq(runLeases.runId, runId)).get();
export function upsertLease(db: Db, lease: LeaseRow): void {
  db.insert(runLeases).values(lease).onConflictDoUpdate({ target: runLeases.runId, set: { runnerId: lease.runnerId, pid: lease.pid, heartbeatAt: lease.heartbeatAt } }).run();
}
export function beatLeases(db: Db, runnerId: string, at: string): void {
  db.update(runLeases).set({ heartbeatAt: at }).where(eq(runLeases.runnerId, runnerId)).run();
}
export function deleteLease(db: Db, runId: string, runnerId: string): void {
  db.delete(runLeases).where(and(eq(runLeases.runId, runId), eq(runLeases.runnerId, runnerId))).run();
}
export const leasesOf = (db: Db, runnerId: string) => db.select().from(runLeases).where(eq(runLeases.runnerId, runnerId)).all();

// --- jobs ---
export function insertJob(db: Db, job: JobRow): void {
  db.insert(trialJobs).values(job).run();
}
export function setJobPgid(db: Db, id: string, pgid: number): void {
  db.update(trialJobs).set({ pgid }).where(eq(trialJobs.id, id)).run();
}
export function deleteJob(db: Db, id: string): void {
  db.delete(trialJobs).where(eq(trialJobs.id, id)).run();
}
export const jobsOfRun = (db: Db, runId: string) => db.select().from(trialJobs).where(eq(trialJobs.runId, runId)).orderBy(trialJobs.startedAt).all();
export const countJobsOfRun = (db: Db, runId: string) =>
  db.select({ n: sql<number>`count(*)` }).from(trialJobs).where(eq(trialJobs.runId, runId)).get()!.n;

// --- runs ---
/** Runs a runner should drive (running), oldest first. */
export const activeRunIds = (db: Db) =>
  db.select({ id: runs.id }).from(runs).where(eq(runs.status, "running")).orderBy(sql`"runs"."rowid"`).all().map((r) => r.id);
export function setRunStatus(db: Db, runId: string, status: string, finishedAt: string | null): void {
  db.update(runs).set({ status, finishedAt }).where(eq(runs.id, runId)).run();
}
export function setRunStarted(db: Db, runId: string, startedAt: string): void {
  db.update(runs).set({ startedAt }).where(and(eq(runs.id, runId), sql`started_at IS NULL`)).run();
}
export const countRuns = (db: Db) => db.select({ n: sql<number>`count(*)` }).from(runs).get()!.n;

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
