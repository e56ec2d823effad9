// One trial of the built-in loop: context from the lineage, a proposal from the agent's proposer,
// then the one submission path every caller shares (lib/services/evaluate-submission.ts).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ulid } from "ulid";
import type { Db } from "../../db/client";
import type { Executor } from "../evaluator/executor";
import { removeTree } from "../evaluator/remove-tree";
import { unmountScratch } from "../evaluator/scratch-fs";
import type { LoadedTask } from "../evaluator/task";
import type { RunConfig } from "../domain/run-spec";
import { codeOfTrial } from "../services/code-snapshots";
import { evaluateSubmission, type EvaluatedSubmission } from "../services/evaluate-submission";
import { lineageContext } from "../services/lineage-context";
import { recordOutcome, type PlannedTrial, type TrialOutcome } from "../services/record-outcome";
import { ProposalError, ProposerUnavailable, type Proposer } from "./proposers/types";

export type JobEnv = {
  db: Db;
  runnerId: string;
  workRoot: string;
  logTailChars: number;
  signal: AbortSignal;
  /** where the evaluation runs; the local sandbox when absent */
  executor?: Executor;
};

export type JobSpec = {
  /** the planned trial's id: the runner claims its slot under it before launching */
  id?: string;
  runId: string;
  task: LoadedTask;
  agent: RunConfig["agents"][number] | null; // null: the baseline trial
  proposer: Proposer | null;
  rand: () => number;
};

export type JobResult = { kind: "recorded"; seq: number; failure?: string } | { kind: "paused"; reason: string };

const recorded = (e: EvaluatedSubmission): JobResult => ({ kind: "recorded", seq: e.recorded.seq, failure: e.outcome.failure });

export async function runTrialJob(env: JobEnv, spec: JobSpec): Promise<JobResult> {
  const { db } = env;
  const { task, agent } = spec;
  const id = spec.id ?? ulid();
  const startedAt = new Date().toISOString();
  const surface = task.manifest.surfaces?.find((s) => s.name === agent?.surface);
  const scratch = join(env.workRoot, id);
  mkdirSync(scratch, { recursive: true });
  try {
    const submissionEnv = { db, logTailChars: env.logTailChars, signal: env.signal, executor: env.executor, runnerId: env.runnerId };
    if (!agent || !spec.proposer) {
      const planned: PlannedTrial = { id, runId: spec.runId, parentIds: [], contextRefs: [], hypothesis: "", startedAt, extra: { role: "baseline" } };
      return recorded(await evaluateSubmission(submissionEnv, { task, planned, base: task.baseline, scratch, baseline: true }));
    }
    const ctx = lineageContext(db, spec.runId, task.record, { name: agent.name, surface: agent.surface, proposer: agent.proposer });
    if (!ctx) return { kind: "paused", reason: "the run has no evaluated baseline to build on" };
    const { view, parent } = ctx;
    let planned: PlannedTrial = {
      id,
      runId: spec.runId,
      agentId: agent.id,
      parentIds: [parent.id],
      contextRefs: ctx.refs,
      hypothesis: "",
      context: ctx.text,
      startedAt,
      extra: { proposer: agent.proposer },
    };
    let refusal: TrialOutcome;
    try {
      const p = await spec.proposer.propose({
        task,
        agent: { id: agent.id, name: agent.name, surface: agent.surface, surfacePaths: surface?.paths },
        context: ctx.text,
        view,
        parent,
        codeOf: (tid) => codeOfTrial(db, tid),
        scratchDir: scratch,
        rand: spec.rand,
        signal: env.signal,
      });
      const parentIds = p.parentIds ?? [parent.id];
      planned = {
        ...planned,
        parentIds,
        hypothesis: p.hypothesis,
        diff: p.diff,
        domain: p.domain,
        expectedDelta: p.expectedDelta,
        extra: { ...planned.extra, ...p.extra },
      };
      const base = parentIds[0] === parent.id ? parent.files : codeOfTrial(db, parentIds[0]);
      if (!base) throw new ProposalError(`the proposal's parent ${parentIds[0]} has no stored code`);
      return recorded(await evaluateSubmission(submissionEnv, { task, planned, base, surfacePaths: surface?.paths, scratch }));
    } catch (e) {
      if (e instanceof ProposerUnavailable) return { kind: "paused", reason: e.message };
      if (!(e instanceof ProposalError)) throw e;
      planned = { ...planned, hypothesis: e.partial.hypothesis ?? "", diff: e.partial.diff };
      refusal = env.signal.aborted
        ? { failure: "infra_error", failureDetail: "interrupted: the runner stopped during the proposal" }
        : { failure: "patch_failure", failureDetail: `proposer ${agent.proposer}: ${e.message}` };
    }
    // The proposal itself failed: recorded at once, with the reason as what it hands forward.
    const r = recordOutcome(db, planned, refusal, { logTailChars: env.logTailChars });
    return { kind: "recorded", seq: r.seq, failure: refusal.failure };
  } finally {
    unmountScratch(join(scratch, "eval")); // normally done already; never delete through a live mount
    removeTree(scratch);
  }
}
