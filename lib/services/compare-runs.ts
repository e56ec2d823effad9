// Several runs of one task overlaid: each run's best-so-far as % improvement over its own baseline,
// by trial count and by wall-clock, plus the figures that make "lineage feedback vs control" legible.
import type { Db } from "../../db/client";
import { frontierSourceRows, lessonSourceRows, trialsUpTo } from "../../db/compare-queries";
import { getRunStats, getRunRow, getTaskRow, getTrialRef } from "../../db/read-queries";
import { listRunRows } from "../../db/list-queries";
import type { CompareRunsQuery } from "../domain/api";
import { elapsedSeconds, untimedCount } from "../domain/curve-time";
import { LineageError } from "../domain/errors";
import { failureWindows, lessonsUsed, type LessonTrial } from "../domain/failure-lessons";
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

/** Windows of this many trials for the failure-rate chart: about ten over the longest run, at least 5 trials each. */
const windowSize = (longest: number) => Math.max(5, Math.ceil(longest / 10));

/** Per arm: the failure rate per window (its runs' trials pooled window by window) and the failures whose lesson was used. */
function failuresByArm(db: Db, budgetRuns: BudgetRun[]) {
  const size = windowSize(Math.max(0, ...budgetRuns.map((r) => r.trials.length)));
  type Arm = { key: string; label: string; runIds: string[]; windows: Map<number, { trials: number; failed: number }>; failed: number; used: number };
  const arms = new Map<string, Arm>();
  for (const r of budgetRuns) {
    const arm: Arm = arms.get(r.armKey) ?? { key: r.armKey, label: r.armLabel, runIds: [], windows: new Map(), failed: 0, used: 0 };
    arms.set(r.armKey, arm);
    arm.runIds.push(r.id);
    const rows: LessonTrial[] = lessonSourceRows(db, r.id).map((x) => ({
      id: x.id,
      seq: x.seq,
      failed: x.failure !== null,
      surface: x.surface,
      improved: x.kept === 1 || x.isBest === 1,
      contextRefs: x.refs ? x.refs.split("\n") : [],
    }));
    // windows by position in the run (trial 1–size, …), so seeds of different seq numbering pool together
    failureWindows(
      rows.map((x, i) => ({ seq: i + 1, failed: x.failed })),
      size,
    ).forEach((w, i) => {
      const acc = arm.windows.get(i) ?? { trials: 0, failed: 0 };
      arm.windows.set(i, { trials: acc.trials + w.trials, failed: acc.failed + w.failed });
    });
    const lessons = lessonsUsed(rows);
    arm.failed += lessons.failed;
    arm.used += lessons.used;
  }
  return {
    windowSize: size,
    arms: [...arms.values()].map((a) => ({
      key: a.key,
      label: a.label,
      runIds: a.runIds,
      windows: [...a.windows.entries()].map(([i, w]) => ({ upTo: (i + 1) * size, trials: w.trials, failed: w.failed, rate: w.failed / w.trials })),
      failed: a.failed,
      lessonsUsed: a.used,
      lessonShare: a.failed === 0 ? null : a.used / a.failed,
    })),
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
    /** failure rate per arm per window of trials, and the share of failures a later trial learnt from */
    failures: failuresByArm(db, budgetRuns),
    /** every run of the task, for the picker */
    candidates: listRunRows(db, task.id).map(({ run }) => ({ id: run.id, name: run.name, kind: run.kind, feedback: run.feedback })),
  };
}
export type RunComparison = ReturnType<typeof compareRuns>;
export type ComparedRun = RunComparison["runs"][number];
