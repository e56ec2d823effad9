// Lists. Keyset pagination only: a page costs the same at 1k trials as at 100k.
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "./client";
import { runStats, runs, tasks } from "./schema";

export function listTaskRows(db: Db) {
  return db
    .select({ task: tasks, runCount: sql<number>`(SELECT count(*) FROM runs r WHERE r.task_id = "tasks"."id")` })
    .from(tasks)
    .orderBy(asc(tasks.name), asc(tasks.id))
    .all();
}

export function listRunRows(db: Db, taskId?: string) {
  const q = db
    .select({ run: runs, stats: runStats, task: tasks })
    .from(runs)
    .innerJoin(tasks, eq(tasks.id, runs.taskId))
    .innerJoin(runStats, eq(runStats.runId, runs.id));
  return (taskId ? q.where(eq(runs.taskId, taskId)) : q).orderBy(sql`"runs"."rowid" DESC`).all();
}

type TrialListFilter = {
  runId: string;
  agentId?: string;
  /** a label, "any" (every failed trial) or "none" (no failure) */
  failure?: string;
  status?: string;
  q?: string;
  kept?: boolean;
  isBest?: boolean;
};

export type TrialListItemRow = {
  id: string;
  seq: number;
  agentId: string | null;
  hypothesis: string;
  hypothesisLength: number;
  status: string;
  score: number | null;
  failure: string | null;
  failureDetail: string | null;
  kept: number | null;
  isBest: number;
  domain: string | null;
  expectedDelta: number | null;
  deltaVsParent: number | null;
  wallclockSeconds: number | null;
  queueSeconds: number | null;
  /** the trial's id in its source, for imported trials */
  sourceId: string | null;
  /** 1 when an importer recovered the trial from a malformed source row (the raw row's head is in rawRow) */
  malformed: number | null;
  rawRow: string | null;
  rawRowLength: number | null;
};

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function filterSql(f: TrialListFilter) {
  const parts = [sql`run_id = ${f.runId}`];
  if (f.agentId) parts.push(sql`agent_id = ${f.agentId}`);
  if (f.failure === "any") parts.push(sql`failure IS NOT NULL`);
  else if (f.failure === "none") parts.push(sql`failure IS NULL`);
  else if (f.failure) parts.push(sql`failure = ${f.failure}`);
  if (f.status) parts.push(sql`status = ${f.status}`);
  if (f.kept !== undefined) parts.push(f.kept ? sql`kept = 1` : sql`(kept IS NULL OR kept = 0)`);
  if (f.isBest !== undefined) parts.push(sql`is_best = ${f.isBest ? 1 : 0}`);
  if (f.q) {
    // The text, or the trial's id in its source (exp_750, a commit, a node id); "exp_75" finds "075".
    const like = `%${escapeLike(f.q)}%`;
    const expId = /^exp[_-]?(\d+)$/i.exec(f.q.trim())?.[1];
    parts.push(
      expId
        ? sql`(hypothesis LIKE ${like} ESCAPE '\\' OR json_extract(extra, '$.sourceId') LIKE ${like} ESCAPE '\\' OR ltrim(json_extract(extra, '$.sourceId'), '0') = ${expId.replace(/^0+/, "")})`
        : sql`(hypothesis LIKE ${like} ESCAPE '\\' OR json_extract(extra, '$.sourceId') LIKE ${like} ESCAPE '\\')`,
    );
  }
  return parts;
}

const LIST_COLUMNS = sql.raw(`id, seq, agent_id AS agentId, substr(hypothesis, 1, 300) AS hypothesis,
  length(hypothesis) AS hypothesisLength, status, score, failure, substr(failure_detail, 1, 200) AS failureDetail, kept, is_best AS isBest, domain,
  expected_delta AS expectedDelta, delta_vs_parent AS deltaVsParent, wallclock_seconds AS wallclockSeconds, json_extract(extra, '$.executor.queueSeconds') AS queueSeconds,
  substr(json_extract(extra, '$.sourceId'), 1, 200) AS sourceId, json_extract(extra, '$.malformedSourceRow') AS malformed,
  substr(json_extract(extra, '$.rawRow'), 1, 2000) AS rawRow, length(json_extract(extra, '$.rawRow')) AS rawRowLength`);

/** One page of trials in seq order, starting after `afterSeq`. */
export function trialsBySeq(db: Db, f: TrialListFilter, afterSeq: number, limit: number): TrialListItemRow[] {
  const where = sql.join([...filterSql(f), sql`seq > ${afterSeq}`], sql` AND `);
  return db.all(sql`SELECT ${LIST_COLUMNS} FROM trials WHERE ${where} ORDER BY seq LIMIT ${limit}`);
}

/** The sortable value columns: a trial's score, or its change against its first parent. */
type ValueColumn = "score" | "delta";
const COLUMN = { score: sql.raw("score"), delta: sql.raw("delta_vs_parent") } as const;

/** One page of trials with a value in `column`, best first in the metric's direction (ties by seq). */
export function trialsByValue(
  db: Db,
  f: TrialListFilter,
  column: ValueColumn,
  minimize: boolean,
  after: { value: number; seq: number } | null,
  limit: number,
): TrialListItemRow[] {
  const c = COLUMN[column];
  const parts = [...filterSql(f), sql`${c} IS NOT NULL`];
  if (after) {
    parts.push(
      minimize
        ? sql`(${c} > ${after.value} OR (${c} = ${after.value} AND seq > ${after.seq}))`
        : sql`(${c} < ${after.value} OR (${c} = ${after.value} AND seq < ${after.seq}))`,
    );
  }
  const order = minimize ? sql`${c} ASC, seq ASC` : sql`${c} DESC, seq DESC`;
  return db.all(sql`SELECT ${LIST_COLUMNS} FROM trials WHERE ${sql.join(parts, sql` AND `)} ORDER BY ${order} LIMIT ${limit}`);
}

/** Trials without a value in `column` (failed, not yet evaluated, no parent), in seq order: the tail of a sorted list. */
export function unscoredTrials(db: Db, f: TrialListFilter, afterSeq: number, limit: number, column: ValueColumn = "score"): TrialListItemRow[] {
  const where = sql.join([...filterSql(f), sql`${COLUMN[column]} IS NULL`, sql`seq > ${afterSeq}`], sql` AND `);
  return db.all(sql`SELECT ${LIST_COLUMNS} FROM trials WHERE ${where} ORDER BY seq LIMIT ${limit}`);
}
