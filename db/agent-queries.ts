// Aggregates of a run's trials per agent and per window of trials, computed by SQLite.
import { sql } from "drizzle-orm";
import type { Db } from "./client";

type AgentAggregateRow = {
  agentId: string | null;
  trials: number;
  evaluated: number;
  newBests: number;
  kept: number;
  minScore: number | null;
  maxScore: number | null;
  /** trials carrying both a predicted and a measured change (expectedDelta, deltaVsParent) */
  predicted: number;
  signAgreed: number;
  meanAbsError: number | null;
};

export function agentAggregates(db: Db, runId: string): AgentAggregateRow[] {
  return db.all(sql`SELECT agent_id AS agentId, count(*) AS trials,
    sum(status = 'evaluated') AS evaluated, sum(is_best) AS newBests, sum(coalesce(kept, 0)) AS kept,
    min(score) AS minScore, max(score) AS maxScore,
    sum(expected_delta IS NOT NULL AND delta_vs_parent IS NOT NULL) AS predicted,
    sum(expected_delta IS NOT NULL AND delta_vs_parent IS NOT NULL AND sign(expected_delta) = sign(delta_vs_parent)) AS signAgreed,
    avg(CASE WHEN expected_delta IS NOT NULL AND delta_vs_parent IS NOT NULL THEN abs(expected_delta - delta_vs_parent) END) AS meanAbsError
    FROM trials WHERE run_id = ${runId} GROUP BY agent_id`);
}

export function agentFailureCounts(db: Db, runId: string): { agentId: string | null; failure: string; n: number }[] {
  return db.all(sql`SELECT agent_id AS agentId, failure, count(*) AS n FROM trials
    WHERE run_id = ${runId} AND failure IS NOT NULL GROUP BY agent_id, failure`);
}

/** New bests of a run in seq order: few, served by the per-run index and the is_best flag. */
export function newBestRows(db: Db, runId: string): { agentId: string | null; score: number }[] {
  return db.all(sql`SELECT agent_id AS agentId, score FROM trials
    WHERE run_id = ${runId} AND is_best = 1 ORDER BY seq`);
}

/** Evaluated trials per window of `size` seqs, split by failure label (null = no failure). */
export function failureWindows(db: Db, runId: string, size: number): { w: number; failure: string | null; n: number }[] {
  return db.all(sql`SELECT (seq - 1) / CAST(${size} AS INTEGER) AS w, failure, count(*) AS n FROM trials
    WHERE run_id = ${runId} AND status = 'evaluated' GROUP BY w, failure ORDER BY w`);
}

/**
 * Compute spent (summed evaluator seconds), the summed queue waits of trials that ran as cluster
 * jobs (null when none did), and the span from first start to last finish. The queue wait is read as
 * trials_run_status_idx indexes it (`->>`), so the whole query is answered from that index.
 */
export function runTimes(db: Db, runId: string): { computeSeconds: number | null; queueSeconds: number | null; firstAt: string | null; lastAt: string | null } {
  return db.get(sql`SELECT sum(wallclock_seconds) AS computeSeconds, sum(extra ->> '$.executor.queueSeconds') AS queueSeconds,
    min(coalesce(started_at, finished_at)) AS firstAt,
    max(coalesce(finished_at, started_at)) AS lastAt FROM trials WHERE run_id = ${runId}`)!;
}

/** Agent names of every run (or of one task's runs), in insertion order: O(agents), for the runs list. */
export function agentNamesByRun(db: Db, taskId?: string): Map<string, string[]> {
  const rows: { runId: string; name: string }[] = db.all(
    taskId
      ? sql`SELECT a.run_id AS runId, a.name FROM agents a JOIN runs r ON r.id = a.run_id WHERE r.task_id = ${taskId} ORDER BY a.rowid`
      : sql`SELECT run_id AS runId, name FROM agents ORDER BY rowid`,
  );
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.runId, [...(out.get(r.runId) ?? []), r.name]);
  return out;
}
