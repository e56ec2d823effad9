// Several runs of one task overlaid: each run's best-so-far as % improvement over its own baseline,
// by trial count and by wall-clock, plus the figures that make "lineage feedback vs control" legible.
import type { Db } from "../../db/client";
import { frontierSourceRows, trialsUpTo } from "../../db/compare-queries";
import { getRunStats, getRunRow, getTaskRow, getTrialRef } from "../../db/read-queries";
import { listRunRows } from "../../db/list-queries";
import type { CompareRunsQuery } from "../domain/api";
import { elapsedSeconds, untimedCount } from "../domain/curve-time";
import { LineageError } from "../domain/errors";
import { baseName, matchedBudget, type BudgetRun } from "../domain/matched-budget";
import { improvementPct } from "../domain/scores";
import { legalBestOf, metricOf, runView } from "./summaries";

type FrontierPoint = { seq: number; t: number | null; score: number; pct: number | null };

/** The new bests of a run in seq order, and a last point where the run ended so the step runs on. */
function frontierOf(rows: ReturnType<typeof frontierSourceRows>, baseline: number | null, direction: "minimize" | "maximize") {
  const elapsed = elapsedSeconds(rows);
  const points: FrontierPoint[] = [];
  rows.forEach((r, i) => {
    if (r.isBest !== 1 || r.score === null) return;
    points.push({ seq: r.seq, t: elapsed ? elapsed[i] : null, score: r.score, pct: improvementPct(baseline, r.score, direction) });
  });
  const last = rows.length - 1;
  const tail = points.at(-1);
  if (tail && rows[last].seq !== tail.seq) points.push({ ...tail, seq: rows[last].seq, t: elapsed ? elapsed[last] : null });
  return { points, hasTime: elapsed !== null, untimed: elapsed ? untimedCount(rows) : 0, whyNot: whyNot(points, baseline, elapsed !== null) };
}

/** Why a run cannot be drawn along each axis (null: it can), so the page names it instead of dropping it. */
function whyNot(points: FrontierPoint[], baseline: number | null, hasTime: boolean): { trials: string | null; time: string | null } {
  const trials =
    baseline === null
      ? "no measured baseline: its baseline trial has no score, so there is nothing to improve on"
      : points.length === 0
        ? "no scored trial yet"
        : null;
  const time = trials ?? (hasTime ? null : "its trials record no times (no timestamps, and not every trial has an evaluator wall-clock)");
  return { trials, time };
}

/**
 * A run as the matched-budget table reads it. Its arm: runs of one kind and feedback whose names differ
 * only by a trailing seed number are seeds of one configuration.
 */
function budgetRunOf(run: { id: string; name: string; kind: string; feedback: string }, rows: ReturnType<typeof frontierSourceRows>): BudgetRun {
  const elapsed = elapsedSeconds(rows);
  const base = baseName(run.name);
  return {
    id: run.id,
    name: run.name,
    armKey: `${run.kind}|${run.feedback}|${base}`,
    armLabel: base,
    trials: rows.map((r, i) => ({ seq: r.seq, score: r.score, failed: r.failure !== null, t: elapsed ? elapsed[i] : null })),
  };
}

export function compareRuns(db: Db, query: CompareRunsQuery) {
  const loaded = query.runs.map((id) => {
    const run = getRunRow(db, id);
    if (!run) throw new LineageError("not_found", `run ${JSON.stringify(id)} does not exist`, { path: ["runs"] });
    return run;
  });
  const task = getTaskRow(db, loaded[0].taskId)!;
  const stranger = loaded.find((r) => r.taskId !== task.id);
  if (stranger) {
    throw new LineageError(
      "invalid_input",
      `query runs: run ${JSON.stringify(stranger.id)} is of another task than ${JSON.stringify(loaded[0].id)}; compare runs of one task`,
      { path: ["runs"] },
    );
  }
  const budgetRuns: BudgetRun[] = [];
  const runs = loaded.map((run) => {
    const stats = getRunStats(db, run.id)!;
    const view = runView(run, task, stats, legalBestOf(db, run.id, task));
    const best = stats.bestTrialId ? getTrialRef(db, stats.bestTrialId) : undefined;
    const rows = frontierSourceRows(db, run.id);
    budgetRuns.push(budgetRunOf(run, rows));
    return {
      ...view,
      arm: budgetRuns.at(-1)!.armKey,
      trialsToBest: best ? trialsUpTo(db, run.id, best.seq) : null,
      frontier: frontierOf(rows, view.summary.baselineScore, task.metricDirection),
    };
  });
  return {
    task: { id: task.id, name: task.name, metric: metricOf(task) },
    runs,
    /** every arm at the smallest run's trial count and the shortest run's wall-clock */
    matched: matchedBudget(budgetRuns, task.metricDirection, query.ref),
    /** every run of the task, for the picker */
    candidates: listRunRows(db, task.id).map(({ run }) => ({ id: run.id, name: run.name, kind: run.kind, feedback: run.feedback })),
  };
}
export type RunComparison = ReturnType<typeof compareRuns>;
export type ComparedRun = RunComparison["runs"][number];
