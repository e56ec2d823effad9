// Reads behind the lineage graph and a trial's page: narrow columns, every step on an index.
import { sql } from "drizzle-orm";
import type { Db } from "./client";

type LineageNodeRow = {
  id: string;
  seq: number;
  agentId: string | null;
  status: string;
  score: number | null;
  failure: string | null;
  isBest: number;
};

/** Every trial of a run in seq order, without its texts (read from the table, a hypothesis per trial
 *  was most of a 100k-trial run's read; hypothesesOf reads those of the trials drawn). */
export function lineageNodeRows(db: Db, runId: string): LineageNodeRow[] {
  // No ORDER BY: SQLite would walk the seq index and read each row (its columns sit after the diff,
  // so each read walks the trial's overflow pages); unordered, the covering status index answers it.
  const rows: LineageNodeRow[] = db.all(sql`SELECT id, seq, agent_id AS agentId, status, score, failure, is_best AS isBest
    FROM trials WHERE run_id = ${runId}`);
  return rows.sort((a, b) => a.seq - b.seq);
}

/** The first `chars` characters of the hypotheses of the given trials (a viewport's, at most some thousands). */
export function hypothesesOf(db: Db, ids: readonly string[], chars: number): Map<string, string> {
  const out = new Map<string, string>();
  const statement = db.$client.prepare("SELECT substr(hypothesis, 1, ?) AS hypothesis FROM trials WHERE id = ?").pluck();
  for (const id of ids) out.set(id, (statement.get(chars, id) as string | undefined) ?? "");
  return out;
}

/** Parent links of a run's trials (child, parent), in seq then position order. */
export function lineageParentRows(db: Db, runId: string): { trialId: string; parentId: string }[] {
  return db.all(sql`SELECT p.trial_id AS trialId, p.parent_id AS parentId FROM trials t
    JOIN trial_parents p ON p.trial_id = t.id WHERE t.run_id = ${runId} ORDER BY t.seq, p.position`);
}

/** Context links (trial, ref) of a run, at most `limit`. */
export function lineageContextRows(db: Db, runId: string, limit: number): { trialId: string; refId: string }[] {
  return db.all(sql`SELECT c.trial_id AS trialId, c.ref_id AS refId FROM trials t
    JOIN trial_context_refs c ON c.trial_id = t.id WHERE t.run_id = ${runId} ORDER BY t.seq, c.position LIMIT ${limit}`);
}

/**
 * A trial and all its ancestors, walked up trial_parents by its primary key (trial_id, position):
 * one index lookup per ancestor, never a scan of the run. UNION (not UNION ALL) visits a shared
 * ancestor of a combination once.
 */
export function ancestorIds(db: Db, trialId: string): string[] {
  const rows: { id: string }[] = db.all(sql`WITH RECURSIVE anc(id) AS (
      SELECT ${trialId}
      UNION
      SELECT p.parent_id FROM trial_parents p JOIN anc ON p.trial_id = anc.id
    ) SELECT id FROM anc`);
  return rows.map((r) => r.id);
}

/** The best score among a run's trials evaluated before `seq` (the trials_run_score_idx index). */
export function bestScoreBefore(db: Db, runId: string, seq: number, minimize: boolean): { id: string; score: number } | undefined {
  const order = minimize ? sql`score ASC` : sql`score DESC`;
  return db.get(sql`SELECT id, score FROM trials WHERE run_id = ${runId} AND score IS NOT NULL
    AND failure IS NULL AND status = 'evaluated' AND seq < ${seq} ORDER BY ${order}, seq LIMIT 1`);
}

/** The hash chain link before `seq`: the previous evaluated trial (trials_run_status_idx). */
export function previousChainLink(db: Db, runId: string, seq: number): { id: string; seq: number; hash: string | null } | undefined {
  return db.get(sql`SELECT id, seq, hash FROM trials WHERE run_id = ${runId} AND status = 'evaluated'
    AND seq < ${seq} ORDER BY seq DESC LIMIT 1`);
}

export function trialDiffRow(db: Db, id: string): { id: string; runId: string; seq: number; diff: string | null } | undefined {
  return db.get(sql`SELECT id, run_id AS runId, seq, diff FROM trials WHERE id = ${id}`);
}

export function trialIdBySeq(db: Db, runId: string, seq: number): string | undefined {
  return db.get<{ id: string }>(sql`SELECT id FROM trials WHERE run_id = ${runId} AND seq = ${seq}`)?.id;
}
