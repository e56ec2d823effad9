// Everything a trial's page shows, in one read: the trial with its links, its outcome against its
// first parent and against the run's best when it was evaluated, its chain link, and its diff capped
// for drawing (the full text is served apart, as plain text).
import type { Db } from "../../db/client";
import { bestScoreBefore, trialDiffRow } from "../../db/lineage-queries";
import { getRunRow, getTaskRow } from "../../db/read-queries";
import { capDiff } from "../domain/diff-cap";
import { LineageError } from "../domain/errors";
import { metricOf } from "./summaries";
import { getTrialChainStatus } from "./trial-chain-status";
import { getTrial } from "./trials";

export function getTrialPage(db: Db, trialId: string) {
  const { diff, ...trial } = getTrial(db, trialId);
  const run = getRunRow(db, trial.runId)!;
  const task = getTaskRow(db, run.taskId)!;
  const scored = trial.score != null && !trial.failure;
  const parentScore = trial.parents[0]?.score ?? null;
  const bestBefore = bestScoreBefore(db, trial.runId, trial.seq!, task.metricDirection === "minimize") ?? null;
  return {
    trial,
    run: { id: run.id, name: run.name, kind: run.kind, feedback: run.feedback },
    task: { id: task.id, name: task.name },
    metric: metricOf(task),
    /** signed, in metric units: this score minus the first parent's */
    deltaVsParent: scored && parentScore !== null ? trial.score! - parentScore : null,
    /** the run's best among trials evaluated before this one, and this score minus it */
    bestBefore,
    deltaVsBestBefore: scored && bestBefore ? trial.score! - bestBefore.score : null,
    chain: getTrialChainStatus(db, trialId),
    diff: diff === undefined ? null : capDiff(diff),
  };
}
export type TrialPage = ReturnType<typeof getTrialPage>;

export function getTrialDiff(db: Db, trialId: string): string {
  const row = trialDiffRow(db, trialId);
  if (!row) throw new LineageError("not_found", `trial ${JSON.stringify(trialId)} does not exist`);
  return row.diff ?? "";
}
