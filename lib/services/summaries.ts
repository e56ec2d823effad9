import type { Db } from "../../db/client";
import { legalBestRow } from "../../db/audit-queries";
import type { RunRow, RunStatsRow, TaskRow } from "../../db/write-queries";
import { improvementPct } from "../domain/scores";

/** The best score among trials not judged illegal by their latest verdict (verdicts never change a score). */
type LegalBest = { id: string; score: number } | null;

export function legalBestOf(db: Db, runId: string, task: TaskRow): LegalBest {
  return legalBestRow(db, runId, task.metricDirection === "minimize") ?? null;
}

export type RunSummary = ReturnType<typeof runSummary>;

/** The headline figures of a run, from its running stats: O(1), never a scan of its trials. */
function runSummary(stats: RunStatsRow, task: TaskRow, legalBest: LegalBest) {
  const baselineScore = stats.baselineScore ?? task.baselineScore;
  return {
    trialCount: stats.trialCount,
    evaluatedCount: stats.evaluatedCount,
    keptCount: stats.keptCount,
    baselineScore,
    baselineIsMeasured: stats.baselineScore !== null,
    bestScore: stats.bestScore,
    bestTrialId: stats.bestTrialId,
    legalBestScore: legalBest?.score ?? null,
    legalBestTrialId: legalBest?.id ?? null,
    improvementPct: improvementPct(baselineScore, stats.bestScore, task.metricDirection),
    failures: stats.failures,
    failureCount: Object.values(stats.failures).reduce((a, b) => a + b, 0),
    lastActivityAt: stats.lastActivityAt,
  };
}

export function metricOf(task: TaskRow) {
  return { name: task.metricName, direction: task.metricDirection, unit: task.metricUnit };
}

export function runView(run: RunRow, task: TaskRow, stats: RunStatsRow, legalBest: LegalBest) {
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
    summary: runSummary(stats, task, legalBest),
  };
}
