// The lookups ingestion makes for every trial (its own id, its agent, each parent and context ref,
// whether Lineage's runner drives its run),
// prepared once per connection: re-preparing them per call was most of the cost of a bulk ingest.
import type Database from "better-sqlite3";
import type { Db } from "./client";

export type TrialRef = { id: string; runId: string; seq: number; status: string; score: number | null };

function prepareAll(sqlite: Database.Database) {
  return {
    trialRef: sqlite.prepare<[string], TrialRef>("SELECT id, run_id AS runId, seq, status, score FROM trials INDEXED BY trials_ref_idx WHERE id = ?"),
    agentRunId: sqlite.prepare<[string], { runId: string }>("SELECT run_id AS runId FROM agents WHERE id = ?"),
    agentSurface: sqlite.prepare<[string], { surface: string | null }>("SELECT surface FROM agents WHERE id = ?"),
    startedRun: sqlite.prepare<[string], { runId: string }>("SELECT run_id AS runId FROM started_runs WHERE run_id = ?"),
    trialAtSeq: sqlite.prepare<[string, number], { id: string }>("SELECT id FROM trials WHERE run_id = ? AND seq = ?"),
  };
}

const cache = new WeakMap<Database.Database, ReturnType<typeof prepareAll>>();

function statements(db: Db) {
  let s = cache.get(db.$client);
  if (!s) cache.set(db.$client, (s = prepareAll(db.$client)));
  return s;
}

export const findTrialRef = (db: Db, id: string): TrialRef | undefined => statements(db).trialRef.get(id);
export const findAgentRunId = (db: Db, id: string): string | undefined => statements(db).agentRunId.get(id)?.runId;
export const findTrialIdAtSeq = (db: Db, runId: string, seq: number): string | undefined => statements(db).trialAtSeq.get(runId, seq)?.id;
export const findAgentSurface = (db: Db, id: string): string | null | undefined => statements(db).agentSurface.get(id)?.surface;
export const isStartedRun = (db: Db, runId: string): boolean => statements(db).startedRun.get(runId) !== undefined;
