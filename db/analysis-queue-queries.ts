// The queue of trials whose audit analysis is owed (schema.ts analysisQueue): filled by bulk ingest,
// worked off in batches by lib/services/analysis-queue.ts. Statements are prepared once per
// connection, as queueing runs once per ingested trial.
import type Database from "better-sqlite3";
import type { Db } from "./client";

/** A queued trial's declared domain, run and agent; its diff (up to 8M characters) is read one trial at a time. */
export type QueuedTrial = { id: string; runId: string; agentId: string | null; domain: string | null };

const COLUMNS = "t.id, t.run_id AS runId, t.agent_id AS agentId, t.domain";

function prepareAll(sqlite: Database.Database) {
  return {
    queue: sqlite.prepare<[string]>("INSERT OR IGNORE INTO analysis_queue (trial_id) VALUES (?)"),
    dequeue: sqlite.prepare<[string]>("DELETE FROM analysis_queue WHERE trial_id = ?"),
    oldest: sqlite.prepare<[number], QueuedTrial>(`SELECT ${COLUMNS} FROM analysis_queue q JOIN trials t ON t.id = q.trial_id ORDER BY q.rowid LIMIT ?`),
    oldestOfRun: sqlite.prepare<[string, number], QueuedTrial>(
      `SELECT ${COLUMNS} FROM analysis_queue q JOIN trials t ON t.id = q.trial_id WHERE t.run_id = ? ORDER BY q.rowid LIMIT ?`,
    ),
    any: sqlite.prepare<[], { one: number }>("SELECT 1 AS one FROM analysis_queue LIMIT 1"),
    countOfRun: sqlite.prepare<[string], { n: number }>("SELECT count(*) AS n FROM analysis_queue q JOIN trials t ON t.id = q.trial_id WHERE t.run_id = ?"),
  };
}

const cache = new WeakMap<Database.Database, ReturnType<typeof prepareAll>>();

function statements(db: Db) {
  let s = cache.get(db.$client);
  if (!s) cache.set(db.$client, (s = prepareAll(db.$client)));
  return s;
}

export const queueAnalysis = (db: Db, trialId: string): void => void statements(db).queue.run(trialId);
export const dequeueAnalysis = (db: Db, trialId: string): void => void statements(db).dequeue.run(trialId);
/** The longest-queued trials (of one run, when given). */
export const queuedTrials = (db: Db, limit: number, runId?: string): QueuedTrial[] =>
  runId === undefined ? statements(db).oldest.all(limit) : statements(db).oldestOfRun.all(runId, limit);
export const analysisQueued = (db: Db): boolean => statements(db).any.get() !== undefined;
export const queuedCountOfRun = (db: Db, runId: string): number => statements(db).countOfRun.get(runId)!.n;
