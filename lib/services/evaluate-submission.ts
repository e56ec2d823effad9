// evaluateSubmission: the one path from "a submission" (parent code + an edit) to "a recorded
// outcome", for the built-in loop (lib/runner/trial-job.ts) and an external agent (submit-trial.ts)
// alike: the edit checked (protected paths, the agent's surface) and applied in memory, the code
// snapshot stored, the task's evaluator run through the executor, and the outcome recorded once.
import { join } from "node:path";
import type { Db } from "../../db/client";
import { applyEdit } from "../evaluator/apply-edit";
import { checkEdit } from "../evaluator/edit-check";
import { evaluateFiles, type Outcome } from "../evaluator/evaluate";
import type { Executor } from "../evaluator/executor";
import type { Files } from "../evaluator/files";
import { unmountScratch } from "../evaluator/scratch-fs";
import type { LoadedTask } from "../evaluator/task";
import { evaluatorFilesOfTree, snapshotHashOf } from "./code-snapshots";
import { recordOutcome, type PlannedTrial, type RecordedTrial, type TrialOutcome } from "./record-outcome";
import { beginTrialJob, noteTrialJobSubmitted } from "./trial-jobs";

export type SubmissionEnv = {
  db: Db;
  logTailChars: number;
  signal: AbortSignal;
  executor?: Executor;
  /**
   * The runner evaluating it: a job row is kept while it runs, so a successor can record it as
   * interrupted if this runner dies. Without one (an MCP submission) nothing is left behind: the
   * evaluation dies with its process and the trial is simply never recorded.
   */
  runnerId?: string;
};

export type Submission = {
  task: LoadedTask;
  planned: PlannedTrial;
  /** the code of the first parent, which the diff applies to */
  base: Files;
  /** the agent's surface: paths its edit may touch */
  surfacePaths?: string[];
  /** a private folder of the caller's; the workspace is made inside it */
  scratch: string;
  /** the run's baseline: `base` is evaluated as it is, with no edit */
  baseline?: boolean;
};

/** The parent's code with the submission's edit applied, or why the edit is refused. */
function editedCode(s: Submission): { ok: true; files: Files } | { ok: false; refusal: TrialOutcome } {
  const checked = checkEdit(s.planned.diff, { protectedPaths: s.task.record.protectedPaths ?? [], surfacePaths: s.surfacePaths });
  if (!checked.ok) return { ok: false, refusal: { failure: checked.failure, failureDetail: checked.detail } };
  const applied = applyEdit(s.base, checked.patches);
  if (!applied.ok) return { ok: false, refusal: { failure: applied.failure, failureDetail: applied.detail } };
  return { ok: true, files: applied.files };
}

export type EvaluatedSubmission = { recorded: RecordedTrial; outcome: TrialOutcome };

/**
 * Records an evaluation's outcome with what it says about the job (the sandbox, a cluster's job id,
 * node, queue wait and run time apart) and the evaluator as the workspace held it. `code` is the
 * stored snapshot's hash, or the files themselves when none was stored.
 */
export function recordEvaluation(
  db: Db,
  task: LoadedTask,
  planned: PlannedTrial,
  result: Outcome,
  o: { code: string | Files; files: Files; logTailChars: number; jobId?: string },
): EvaluatedSubmission {
  const { isolation, scratch, queueSeconds, job, ...outcome } = result;
  const codeHash = typeof o.code === "string" ? o.code : snapshotHashOf(o.files).hash;
  // A cluster's job is named in the trial: its id, node, queue wait and run time apart (a local one adds nothing new).
  const executorJob = job && job.executor !== "local" ? { executor: job } : {};
  const extra = { ...planned.extra, codeHash, sandbox: isolation, scratch, ...(queueSeconds ? { queueSeconds } : {}), ...executorJob };
  // the evaluator as this workspace held it, so the audit can tell if the task's has changed since
  const evaluatorHash = evaluatorFilesOfTree(o.files, task.record.protectedPaths ?? []).hash;
  const recorded = recordOutcome(db, { ...planned, extra }, outcome, { logTailChars: o.logTailChars, code: o.code, jobId: o.jobId, evaluatorHash });
  return { recorded, outcome };
}

export async function evaluateSubmission(env: SubmissionEnv, s: Submission): Promise<EvaluatedSubmission> {
  const { db } = env;
  const { task, planned } = s;
  const edited = s.baseline ? { ok: true as const, files: s.base } : editedCode(s);
  // Refused before anything ran: recorded at once, the reason being what it hands forward.
  if (!edited.ok) return { recorded: recordOutcome(db, planned, edited.refusal, { logTailChars: env.logTailChars }), outcome: edited.refusal };
  const files = edited.files;
  const workspace = join(s.scratch, "eval");
  const code = env.runnerId
    ? beginTrialJob(db, { id: planned.id, runId: planned.runId, runnerId: env.runnerId, planned, workspace, files, startedAt: planned.startedAt })
    : files;
  try {
    const result = await evaluateFiles(workspace, files, task.manifest, {
      taskDir: task.dir,
      logTailChars: env.logTailChars,
      signal: env.signal,
      executor: env.executor,
      onSubmitted: env.runnerId ? (executorJobId, executor) => noteTrialJobSubmitted(db, planned.id, executorJobId, executor) : undefined,
    });
    return recordEvaluation(db, task, planned, result, { code, files, logTailChars: env.logTailChars, jobId: env.runnerId ? planned.id : undefined });
  } finally {
    unmountScratch(workspace); // normally done already; never delete through a live mount
  }
}
