// One trial from proposal to record: context from the lineage, a proposal, the edit checked and
// applied in memory, the workspace materialised, the evaluator sandboxed, and one short write.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ulid } from "ulid";
import type { Db } from "../../db/client";
import { checkEdit } from "../evaluator/edit-check";
import { applyEdit } from "../evaluator/apply-edit";
import { evaluateFiles, type Outcome } from "../evaluator/evaluate";
import type { Executor } from "../evaluator/executor";
import type { Files } from "../evaluator/files";
import { removeTree } from "../evaluator/remove-tree";
import { unmountScratch } from "../evaluator/scratch-fs";
import type { LoadedTask } from "../evaluator/task";
import type { RunConfig } from "../domain/run-spec";
import { codeOfTrial, evaluatorFilesOfTree } from "../services/code-snapshots";
import { lineageContext } from "../services/lineage-context";
import { recordOutcome, type PlannedTrial, type TrialOutcome } from "../services/record-outcome";
import { beginTrialJob, noteTrialJobSubmitted } from "../services/trial-jobs";
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
  runId: string;
  task: LoadedTask;
  agent: RunConfig["agents"][number] | null; // null: the baseline trial
  proposer: Proposer | null;
  rand: () => number;
};

export type JobResult = { kind: "recorded"; seq: number; failure?: string } | { kind: "paused"; reason: string };

export async function runTrialJob(env: JobEnv, spec: JobSpec): Promise<JobResult> {
  const { db } = env;
  const { task, agent } = spec;
  const id = ulid();
  const startedAt = new Date().toISOString();
  const surface = task.manifest.surfaces?.find((s) => s.name === agent?.surface);
  const scratch = join(env.workRoot, id);
  mkdirSync(scratch, { recursive: true });
  try {
    let planned: PlannedTrial;
    let files: Files;
    let refusal: TrialOutcome | undefined;
    if (!agent || !spec.proposer) {
      planned = { id, runId: spec.runId, parentIds: [], contextRefs: [], hypothesis: "", startedAt, extra: { role: "baseline" } };
      files = task.baseline;
    } else {
      const ctx = lineageContext(db, spec.runId, task.record, { name: agent.name, surface: agent.surface, proposer: agent.proposer });
      if (!ctx) return { kind: "paused", reason: "the run has no evaluated baseline to build on" };
      const { view, parent } = ctx;
      const parentFiles = parent.files;
      planned = { id, runId: spec.runId, agentId: agent.id, parentIds: [parent.id], contextRefs: ctx.refs, hypothesis: "", context: ctx.text, startedAt, extra: { proposer: agent.proposer } };
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
        planned = { ...planned, parentIds, hypothesis: p.hypothesis, diff: p.diff, domain: p.domain, expectedDelta: p.expectedDelta, extra: { ...planned.extra, ...p.extra } };
        const base = parentIds[0] === parent.id ? parentFiles : codeOfTrial(db, parentIds[0]);
        if (!base) throw new ProposalError(`the proposal's parent ${parentIds[0]} has no stored code`);
        const checked = checkEdit(p.diff, { protectedPaths: task.record.protectedPaths ?? [], surfacePaths: surface?.paths });
        if (!checked.ok) refusal = { failure: checked.failure, failureDetail: checked.detail };
        else {
          const applied = applyEdit(base, checked.patches);
          if (!applied.ok) refusal = { failure: applied.failure, failureDetail: applied.detail };
          else files = applied.files;
        }
      } catch (e) {
        if (e instanceof ProposerUnavailable) return { kind: "paused", reason: e.message };
        if (!(e instanceof ProposalError)) throw e;
        planned = { ...planned, hypothesis: e.partial.hypothesis ?? "", diff: e.partial.diff };
        refusal = env.signal.aborted
          ? { failure: "infra_error", failureDetail: "interrupted: the runner stopped during the proposal" }
          : { failure: "patch_failure", failureDetail: `proposer ${agent.proposer}: ${e.message}` };
      }
      files ??= parentFiles;
    }
    if (refusal) {
      // Refused before anything ran: recorded at once, with the reason as what it hands forward.
      const r = recordOutcome(db, planned, refusal, { logTailChars: env.logTailChars });
      return { kind: "recorded", seq: r.seq, failure: refusal.failure };
    }
    const workspace = join(scratch, "eval");
    const snapshot = beginTrialJob(db, { id, runId: spec.runId, runnerId: env.runnerId, planned, workspace, files: files!, startedAt });
    const outcome: Outcome = await evaluateFiles(workspace, files!, task.manifest, {
      taskDir: task.dir,
      logTailChars: env.logTailChars,
      signal: env.signal,
      executor: env.executor,
      onSubmitted: (executorJobId) => noteTrialJobSubmitted(db, id, executorJobId),
    });
    const { isolation, scratch: scratchNote, queueSeconds, ...rest } = outcome;
    const r = recordOutcome(
      db,
      { ...planned, extra: { ...planned.extra, codeHash: snapshot, sandbox: isolation, scratch: scratchNote, ...(queueSeconds ? { queueSeconds } : {}) } },
      rest,
      // the evaluator as this workspace held it, so the audit can tell if the task's has changed since
      { logTailChars: env.logTailChars, code: snapshot, jobId: id, evaluatorHash: evaluatorFilesOfTree(files!, task.record.protectedPaths ?? []).hash },
    );
    return { kind: "recorded", seq: r.seq, failure: outcome.failure };
  } finally {
    unmountScratch(join(scratch, "eval")); // normally done already; never delete through a live mount
    removeTree(scratch);
  }
}
