// The lineage context of one agent of a run, as an external agent (MCP) asks for it: the same view
// and the same rendered text the built-in runner hands its proposers (lib/services/lineage-context),
// with the task's settings in force (budgets and gates after any revision).
import type { Db } from "../../db/client";
import * as read from "../../db/read-queries";
import { LineageError } from "../domain/errors";
import { renderContext } from "../domain/proposal-context";
import { readLineageView } from "./lineage-context";
import { taskRecord } from "./records";

export function contextForAgent(db: Db, runId: string, agentRef: string) {
  const run = read.getRunRow(db, runId);
  if (!run) throw new LineageError("not_found", `run ${JSON.stringify(runId)} does not exist`, { path: ["runId"] });
  const agents = read.agentsOfRun(db, runId);
  const agent = agents.find((a) => a.id === agentRef) ?? agents.find((a) => a.name === agentRef);
  if (!agent) {
    const known = agents.map((a) => a.name).join(", ") || "none";
    throw new LineageError("not_found", `run ${JSON.stringify(runId)} has no agent ${JSON.stringify(agentRef)} (its agents: ${known})`, { path: ["agent"] });
  }
  const task = taskRecord(read.getTaskRow(db, run.taskId)!);
  const view = readLineageView(db, runId);
  const rendered = renderContext(task, { name: agent.name, surface: agent.surface ?? undefined, proposer: agent.proposer ?? "external" }, view);
  const parent = (view.feedback === "none" ? view.baseline : view.best) ?? view.baseline;
  return {
    runId,
    agent: { id: agent.id, name: agent.name, surface: agent.surface ?? null },
    feedback: view.feedback,
    /** the trial a proposal builds on now: the best (the baseline in a run without feedback) */
    parentId: parent?.id ?? null,
    baseline: view.baseline,
    best: view.best,
    bestLineage: view.bestLineage.map((t) => ({ id: t.id, seq: t.seq, hypothesis: t.hypothesis, score: t.score, delta: t.delta })),
    recent: view.recent.map((t) => ({
      id: t.id,
      seq: t.seq,
      agent: t.agent,
      hypothesis: t.hypothesis,
      score: t.score,
      failure: t.failure,
      failureDetail: t.failureDetail,
      feedback: t.feedback,
      kept: t.kept,
    })),
    failureCounts: view.labelCounts,
    budgets: task.budgets ?? {},
    gates: task.gates ?? [],
    protectedPaths: task.protectedPaths ?? [],
    /** the context as the built-in proposers read it, and the trials it shows (its context refs) */
    text: rendered.text,
    refs: rendered.refs,
  };
}
