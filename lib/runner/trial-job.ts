// One trial from proposal to record: context from the lineage, a proposal, the edit checked and
// applied in memory, the workspace materialised, the evaluator sandboxed, and one short write.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ulid } from "ulid";
import type { Db } from "../../db/client";
import * as read from "../../db/read-queries";
import * as q from "../../db/runner-queries";
import * as write from "../../db/write-queries";
import { codeOfTrial, evaluatorFilesOfTree, saveSnapshot } from "../services/code-snapshots";
import { recordTrial, type PlannedTrial, type TrialOutcome } from "../services/record-trial";
import { applyEdit } from "../evaluator/apply-edit";
import { renderContext } from "./context-text";
import { checkEdit } from "../evaluator/edit-check";
import { evaluateFiles, type Outcome } from "../evaluator/evaluate";
import type { Files } from "../evaluator/files";
import { readLineageView } from "./lineage-view";
import { removeTree } from "../evaluator/remove-tree";
import { unmountScratch } from "../evaluator/scratch-fs";
import { ProposalError, ProposerUnavailable, type Proposer } from "./proposers/types";
import type { RunConfig } from "../domain/run-spec";
import type { LoadedTask } from "../evaluator/task";

export type JobEnv = {
  db: Db;
  runnerId: string;
  workRoot: string;
  logTailChars: number;
  signal: AbortSignal;
};

export type JobSpec = {
  runId: string;
  task: LoadedTask;
  agent: RunConfig["agents"][number] | null; // null: the baseline trial
  proposer: Proposer | null;
  rand: () => number;
};

export type JobResult = { kind: "recorded"; seq: number; failure?: string } | { kind: "paused"; reason: string };

function feedbackOf(o: TrialOutcome, metric: string, parentScore: number | null | undefined, isBest: boolean): string {
  if (o.failure) return `${o.failure}: ${o.failureDetail ?? ""}`;
  const delta = parentScore != null && o.score != null ? `, Δ=${o.score - parentScore > 0 ? "+" : ""}${Number((o.score - parentScore).toFixed(6))} vs parent` : "";
  return `${metric}=${Number(o.score!.toFixed(6))}${delta}${o.artifactBytes != null ? `, artifact ${o.artifactBytes} bytes` : ""}${isBest ? "; new best, kept" : "; discarded"}`;
}

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
      const view = readLineageView(db, spec.runId);
      const parentTrial = (view.feedback === "none" ? view.baseline : view.best) ?? view.baseline;
      const parentFiles = parentTrial ? codeOfTrial(db, parentTrial.id) : undefined;
      if (!parentTrial || !parentFiles) return { kind: "paused", reason: "the run has no evaluated baseline to build on" };
      const rendered = renderContext(task.record, { name: agent.name, surface: agent.surface, proposer: agent.proposer }, view);
      planned = { id, runId: spec.runId, agentId: agent.id, parentIds: [parentTrial.id], contextRefs: rendered.refs, hypothesis: "", context: rendered.text, startedAt, extra: { proposer: agent.proposer } };
      try {
        const p = await spec.proposer.propose({
          task,
          agent: { id: agent.id, name: agent.name, surface: agent.surface, surfacePaths: surface?.paths },
          context: rendered.text,
          view,
          parent: { id: parentTrial.id, files: parentFiles },
          codeOf: (tid) => codeOfTrial(db, tid),
          scratchDir: scratch,
          rand: spec.rand,
          signal: env.signal,
        });
        const parentIds = p.parentIds ?? [parentTrial.id];
        planned = { ...planned, parentIds, hypothesis: p.hypothesis, diff: p.diff, domain: p.domain, expectedDelta: p.expectedDelta, extra: { ...planned.extra, ...p.extra } };
        const base = parentIds[0] === parentTrial.id ? parentFiles : codeOfTrial(db, parentIds[0]);
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
    const metric = task.record.metric.name;
    if (refusal) {
      // Refused before anything ran: recorded at once, with the reason as what it hands forward.
      const r = recordTrial(db, planned, { ...refusal, feedback: `${refusal.failure}: ${refusal.failureDetail}` }, { logTailChars: env.logTailChars });
      return { kind: "recorded", seq: r.seq, failure: refusal.failure };
    }
    const workspace = join(scratch, "eval");
    const snapshot = write.inWriteTransaction(db, () => {
      const hash = saveSnapshot(db, files);
      q.insertJob(db, { id, runId: spec.runId, runnerId: env.runnerId, planned: { ...planned, workspace } as unknown as Record<string, unknown>, snapshotHash: hash, pgid: null, startedAt });
      return hash;
    });
    const outcome: Outcome = await evaluateFiles(workspace, files!, task.manifest, {
      taskDir: task.dir,
      logTailChars: env.logTailChars,
      signal: env.signal,
      onSubmitted: (jobId) => /^\d+$/.test(jobId) && q.setJobPgid(db, id, Number(jobId)),
    });
    const parentScore = planned.parentIds[0] ? read.getTrialRef(db, planned.parentIds[0])?.score : null;
    const stats = read.getRunStats(db, spec.runId)!;
    const wouldBeBest = !outcome.failure && outcome.score != null && (stats.bestScore == null || (task.record.metric.direction === "minimize" ? outcome.score < stats.bestScore : outcome.score > stats.bestScore));
    const { isolation, scratch: scratchNote, ...rest } = outcome;
    const r = recordTrial(
      db,
      { ...planned, extra: { ...planned.extra, codeHash: snapshot, sandbox: isolation, scratch: scratchNote } },
      { ...rest, feedback: feedbackOf(outcome, metric, parentScore, wouldBeBest) },
      // the evaluator as this workspace held it, so the audit can tell if the task's has changed since
      { logTailChars: env.logTailChars, code: snapshot, jobId: id, evaluatorHash: evaluatorFilesOfTree(files!, task.record.protectedPaths ?? []).hash },
    );
    return { kind: "recorded", seq: r.seq, failure: outcome.failure };
  } finally {
    unmountScratch(join(scratch, "eval")); // normally done already; never delete through a live mount
    removeTree(scratch);
  }
}
