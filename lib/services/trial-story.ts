// A trial's ancestry as a story: from the run's baseline down its first-parent line to the trial,
// each step with its hypothesis, agent, score and Δ vs its parent (read against the noise floor),
// and beside each step the trials tried from the same parent that failed, with their labels.
import type { Db } from "../../db/client";
import { getRunRow, getTaskRow, getTrialRef } from "../../db/read-queries";
import { childCountsOf, failedChildrenOf, firstParentChain } from "../../db/story-queries";
import { readStepDelta } from "../domain/ancestry";
import { LineageError } from "../domain/errors";
import { metricOf } from "./summaries";

/** Steps told at most (the nearest to the trial); a longer line says how many earlier steps it left out. */
const MAX_STEPS = 300;
/** Failed siblings named per step; the count covers all of them. */
const SIBLINGS_NAMED = 12;
const HYPOTHESIS_CHARS = 400;
const SIBLING_CHARS = 160;

export function getTrialStory(db: Db, trialId: string) {
  const ref = getTrialRef(db, trialId);
  if (!ref) throw new LineageError("not_found", `trial ${JSON.stringify(trialId)} does not exist`);
  const run = getRunRow(db, ref.runId)!;
  const task = getTaskRow(db, run.taskId)!;
  const rule = { direction: task.metricDirection, noiseFloor: task.noiseFloor ?? null };
  // One row more than told: it says whether the line goes on above the first step told.
  const chain = firstParentChain(db, trialId, MAX_STEPS + 1, HYPOTHESIS_CHARS);
  const told = chain.slice(0, MAX_STEPS).reverse(); // root (or earliest told) first
  const parentIds = told.map((s) => s.parentId).filter((p): p is string => p !== null);
  const failed = failedChildrenOf(db, parentIds, SIBLINGS_NAMED + 1, SIBLING_CHARS);
  const counts = childCountsOf(db, parentIds);
  const onLine = new Set(told.map((s) => s.id));
  const steps = told.map((s) => {
    const siblings = s.parentId ? failed.filter((f) => f.parentId === s.parentId && !onLine.has(f.id)) : [];
    const c = s.parentId ? counts.get(s.parentId) : undefined;
    const failedHere = Number(s.failure !== null);
    return {
      id: s.id,
      seq: s.seq,
      parentId: s.parentId,
      agent: s.agentName ?? s.agentId,
      hypothesis: s.hypothesis,
      status: s.status,
      score: s.score,
      failure: s.failure,
      kept: s.kept === null ? null : s.kept === 1,
      isBest: s.isBest === 1,
      deltaVsParent: s.deltaVsParent,
      reading: readStepDelta(s.failure ? null : s.deltaVsParent, rule),
      hasDiff: s.hasDiff === 1,
      failedSiblings: siblings
        .slice(0, SIBLINGS_NAMED)
        .map((f) => ({ id: f.id, seq: f.seq, failure: f.failure, agent: f.agentName, hypothesis: f.hypothesis })),
      /** every failed trial from the same parent but this step */
      failedSiblingCount: c ? c.failed - failedHere : 0,
      /** every trial from the same parent but this step, failed or not */
      siblingCount: c ? c.tried - 1 : 0,
    };
  });
  return {
    trialId,
    runId: ref.runId,
    metric: metricOf(task),
    noiseFloor: rule.noiseFloor,
    steps,
    /** the line goes on above the first step told (it is longer than MAX_STEPS) */
    earlierSteps: chain.length > MAX_STEPS,
  };
}
export type TrialStory = ReturnType<typeof getTrialStory>;
export type TrialStoryStep = TrialStory["steps"][number];
