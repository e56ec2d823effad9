// Reads and writes of task_revisions (append-only) and the derived best flags a direction change recomputes.
import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "./client";
import { taskRevisions, tasks } from "./schema";

type TaskRevisionRow = typeof taskRevisions.$inferSelect;

export const latestTaskRevision = (db: Db, taskId: string): TaskRevisionRow | undefined =>
  db.select().from(taskRevisions).where(eq(taskRevisions.taskId, taskId)).orderBy(desc(taskRevisions.revision)).limit(1).get();

export const taskRevisionsOf = (db: Db, taskId: string): TaskRevisionRow[] =>
  db.select().from(taskRevisions).where(eq(taskRevisions.taskId, taskId)).orderBy(desc(taskRevisions.revision)).all();

export function insertTaskRevision(db: Db, row: TaskRevisionRow): void {
  db.insert(taskRevisions).values(row).run();
}

export const runIdsOfTask = (db: Db, taskId: string): string[] => db.all<{ id: string }>(sql`SELECT id FROM runs WHERE task_id = ${taskId}`).map((r) => r.id);

type ScoredRow = { id: string; score: number | null; failure: string | null; isBest: number };

/** Every evaluated trial of a run in seq order, with the columns a best-so-far needs. */
export const scoredRowsOf = (db: Db, runId: string): ScoredRow[] =>
  db.all(sql`SELECT id, score, failure, is_best AS isBest FROM trials WHERE run_id = ${runId} AND status = 'evaluated' ORDER BY seq`);

/** is_best is derived (outside each trial's hashed record): set it for one trial. */
export function setIsBest(db: Db, trialId: string, isBest: boolean): void {
  db.run(sql`UPDATE trials SET is_best = ${isBest ? 1 : 0} WHERE id = ${trialId}`);
}

export function setRunBest(db: Db, runId: string, bestTrialId: string | null, bestScore: number | null): void {
  db.run(sql`UPDATE run_stats SET best_trial_id = ${bestTrialId}, best_score = ${bestScore} WHERE run_id = ${runId}`);
}

type TaskRow = typeof tasks.$inferSelect;

/** A task row with a revision's settings in place of its record's (noise floor, direction, budgets, gates). */
export function withLatestRevision(row: TaskRow, rev: TaskRevisionRow | undefined): TaskRow {
  if (!rev) return row;
  const s = rev.settings as { noiseFloor: number | null; direction: TaskRow["metricDirection"]; budgets: Record<string, number>; gates: unknown[] };
  return { ...row, noiseFloor: s.noiseFloor, metricDirection: s.direction, spec: { ...row.spec, budgets: s.budgets, gates: s.gates } };
}
