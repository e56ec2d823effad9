// A run's lineage as the graph view needs it: per trial only id, seq, parents, agent, outcome and
// the head of its hypothesis; the ancestry of the current best from an indexed recursive walk.
import type { Db } from "../../db/client";
import { ancestorIds, lineageContextRows, lineageNodeRows, lineageParentRows } from "../../db/lineage-queries";
import { agentsOfRun, getRunRow, getRunStats, getTaskRow, getTrialRef } from "../../db/read-queries";
import type { LineageQuery } from "../domain/api";
import { LineageError } from "../domain/errors";
import { metricOf } from "./summaries";

/** Characters of a hypothesis in a node's hover card. */
const HOVER_CHARS = 120;
/** Context edges drawn at most; a run where each proposal saw hundreds of outcomes would be a hairball. */
const MAX_CONTEXT_EDGES = 20_000;

export function getLineageGraph(db: Db, runId: string, query: LineageQuery) {
  const run = getRunRow(db, runId);
  if (!run) throw new LineageError("not_found", `run ${JSON.stringify(runId)} does not exist`);
  const task = getTaskRow(db, run.taskId)!;
  const stats = getRunStats(db, runId)!;
  const parents = new Map<string, string[]>();
  for (const { trialId, parentId } of lineageParentRows(db, runId)) {
    const list = parents.get(trialId);
    if (list) list.push(parentId);
    else parents.set(trialId, [parentId]);
  }
  const trials = lineageNodeRows(db, runId, HOVER_CHARS).map((r) => ({
    id: r.id,
    seq: r.seq,
    parentIds: parents.get(r.id) ?? [],
    agentId: r.agentId,
    status: r.status,
    score: r.score,
    failure: r.failure,
    isBest: r.isBest === 1,
    hypothesis: r.hypothesis,
  }));
  const context = query.context ? lineageContextRows(db, runId, MAX_CONTEXT_EDGES + 1) : null;
  return {
    runId,
    runName: run.name,
    taskId: task.id,
    metric: metricOf(task),
    baselineTrialId: stats.baselineTrialId,
    bestTrialId: stats.bestTrialId,
    /** the current best and every trial its code descends from */
    bestPath: stats.bestTrialId ? ancestorIds(db, stats.bestTrialId) : [],
    agents: agentsOfRun(db, runId).map((a) => ({ id: a.id, name: a.name, surface: a.surface })),
    trials,
    contextEdges: context ? context.slice(0, MAX_CONTEXT_EDGES).map((c) => ({ trialId: c.trialId, refId: c.refId })) : null,
    contextTruncated: context ? context.length > MAX_CONTEXT_EDGES : false,
  };
}
export type LineageGraph = ReturnType<typeof getLineageGraph>;
export type LineageGraphTrial = LineageGraph["trials"][number];

/** A trial and everything its code descends from, without loading its run. */
export function getTrialAncestors(db: Db, trialId: string): string[] {
  if (!getTrialRef(db, trialId)) throw new LineageError("not_found", `trial ${JSON.stringify(trialId)} does not exist`);
  return ancestorIds(db, trialId);
}
