import type { RunRow, RunStatsRow, TaskRow } from "../../db/write-queries";
import { improvementPct } from "../domain/scores";

export type RunSummary = ReturnType<typeof runSummary>;

/** The headline figures of a run, from its running stats: O(1), never a scan of its trials. */
export function runSummary(stats: RunStatsRow, task: TaskRow) {
  const baselineScore = stats.baselineScore ?? task.baselineScore;
  return {
    trialCount: stats.trialCount,
    evaluatedCount: stats.evaluatedCount,
    keptCount: stats.keptCount,
    baselineScore,
    baselineIsMeasured: stats.baselineScore !== null,
    bestScore: stats.bestScore,
    bestTrialId: stats.bestTrialId,
    improvementPct: improvementPct(baselineScore, stats.bestScore, task.metricDirection),
    failures: stats.failures,
    failureCount: Object.values(stats.failures).reduce((a, b) => a + b, 0),
    lastActivityAt: stats.lastActivityAt,
  };
}

export function metricOf(task: TaskRow) {
  return { name: task.metricName, direction: task.metricDirection, unit: task.metricUnit };
}

export function runView(run: RunRow, task: TaskRow, stats: RunStatsRow) {
  return {
    id: run.id,
    taskId: run.taskId,
    taskName: task.name,
    name: run.name,
    kind: run.kind,
    feedback: run.feedback,
    status: run.status,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    metric: metricOf(task),
    summary: runSummary(stats, task),
  };
}
