// The lineage context a proposer sees, read from the database: the baseline, the current best and
// its lineage, the top kept trials, recent trials of every agent and the count of each failure
// label, the parent it builds on (with its code) and the context rendered as text. With feedback
// "none" (a control run) only the baseline is visible. Harness failures (infra_error) say nothing
// about the recipe and are left out.
import type { Db } from "../../db/client";
import * as read from "../../db/read-queries";
import * as q from "../../db/runner-queries";
import { isHarnessFailure, type FailureLabelName } from "../domain/failures";
import type { LineageView, ViewTrial } from "../domain/lineage-view";
import { renderContext, type AgentInfo } from "../domain/proposal-context";
import type { TaskRecord } from "../domain/trace";
import type { Files } from "../evaluator/files";
import { codeOfTrial } from "./code-snapshots";

export type { LineageView, ViewTrial } from "../domain/lineage-view";

const RECENT = 40;
const TOP = 20;
const MAX_DEPTH = 500;

function toView(rows: q.ContextTrialRow[], db: Db, agentNames: Map<string, string>): ViewTrial[] {
  const parents = read.parentIdsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    seq: r.seq,
    agent: r.agentId ? (agentNames.get(r.agentId) ?? r.agentId) : null,
    hypothesis: r.hypothesis ?? "",
    diff: r.diff,
    score: r.score,
    metrics: r.metrics as Record<string, number> | null,
    failure: r.failure as FailureLabelName | null,
    failureDetail: r.failureDetail,
    feedback: r.feedback,
    kept: Boolean(r.kept),
    isBest: Boolean(r.isBest),
    delta: r.deltaVsParent,
    artifactBytes: r.artifactBytes,
    move: typeof (r.extra as { move?: unknown } | null)?.move === "string" ? (r.extra as { move: string }).move : null,
    parentIds: parents.get(r.id) ?? [],
  }));
}

export function readLineageView(db: Db, runId: string): LineageView {
  const run = read.getRunRow(db, runId)!;
  const task = read.getTaskRow(db, run.taskId)!;
  const stats = read.getRunStats(db, runId)!;
  const names = new Map(read.agentsOfRun(db, runId).map((a) => [a.id, a.name]));
  const one = (id: string | null) => (id ? (toView(q.contextTrialsByIds(db, [id]), db, names)[0] ?? null) : null);
  const baseline = one(stats.baselineTrialId);
  const feedback = run.feedback === "none" ? "none" : "lineage";
  if (feedback === "none") {
    return { feedback, trialCount: stats.trialCount, baseline, best: baseline, bestLineage: baseline ? [baseline] : [], top: [], recent: [], labelCounts: {} };
  }
  const best = one(stats.bestTrialId);
  const bestLineage: ViewTrial[] = [];
  for (let t = best; t && bestLineage.length < MAX_DEPTH; t = one(t.parentIds[0] ?? null)) bestLineage.unshift(t);
  const usable = (t: ViewTrial) => !isHarnessFailure(t.failure);
  const top = toView(q.topScoredTrials(db, runId, task.metricDirection === "minimize", TOP * 2), db, names)
    .filter((t) => t.kept)
    .slice(0, TOP);
  const recent = toView(q.recentTrials(db, runId, RECENT), db, names).filter(usable);
  const labelCounts = Object.fromEntries(Object.entries(stats.failures).filter(([label]) => !isHarnessFailure(label as FailureLabelName)));
  return { feedback, trialCount: stats.trialCount, baseline, best, bestLineage, top, recent, labelCounts };
}

export type ProposalContext = { view: LineageView; parent: { id: string; files: Files }; text: string; refs: string[] };

/**
 * What a proposer of `agent` sees now: the view, the parent it builds on (the baseline in a control
 * run, else the current best) with its stored code, and the context text with the trials it shows.
 * Undefined when the run has no evaluated baseline to build on yet.
 */
export function lineageContext(db: Db, runId: string, task: TaskRecord, agent: AgentInfo): ProposalContext | undefined {
  const view = readLineageView(db, runId);
  const parentTrial = (view.feedback === "none" ? view.baseline : view.best) ?? view.baseline;
  const files = parentTrial ? codeOfTrial(db, parentTrial.id) : undefined;
  if (!parentTrial || !files) return undefined;
  const rendered = renderContext(task, agent, view);
  return { view, parent: { id: parentTrial.id, files }, text: rendered.text, refs: rendered.refs };
}
