// Re-evaluation: a trial's stored code run again with its task's evaluator, in the runner's
// sandbox (reeval-job.ts), recorded beside the original (its own table and an event), never over
// it. Asking queues a request (reeval_jobs): the runner beside the web server runs at most its
// re-evaluation parallelism at once, and a request beyond a short queue is refused (429). Nothing
// here evaluates, so the web server never loads the sandbox.
import { ulid } from "ulid";
import type { Db } from "../../db/client";
import { reevaluationsOf, type ReevaluationRow } from "../../db/audit-queries";
import { inWriteTransaction } from "../../db/write-queries";
import { getRunRow, getTaskRow, getTrialRow } from "../../db/read-queries";
import * as q from "../../db/runner-queries";
import { LineageError } from "../domain/errors";
import { RunConfig } from "../domain/run-spec";
import { listBuiltinTaskIds, loadTask, resolveTask, type LoadedTask } from "../evaluator/task";
import type { Files } from "../evaluator/files";
import { matchesAny } from "../domain/glob";
import { codeOfTrial } from "./code-snapshots";

/** Requests that may wait for a free slot; one more is refused with 429. */
export const MAX_WAITING_REEVALS = 8;

/** Whether a reproduction agrees with the original: scores within tolerance, or the same failure label. */
export function reproduces(original: { score: number | null; failure: string | null }, again: { score?: number; failure?: string }, tolerance: number) {
  if (original.score !== null && again.score !== undefined) {
    const difference = again.score - original.score;
    return { difference, withinTolerance: Math.abs(difference) <= tolerance };
  }
  return { difference: null, withinTolerance: original.failure !== null && original.failure === (again.failure ?? null) };
}

/**
 * The task folder to re-evaluate with: the one the run was started with (the run-starting service's
 * spec, never the trace record's config), else a built-in task of the same id.
 */
function loadEvaluator(db: Db, runId: string, taskId: string): LoadedTask {
  const spec = RunConfig.safeParse(q.getStartedRun(db, runId)?.spec);
  try {
    if (spec.success) return loadTask(spec.data.taskDir);
    if (listBuiltinTaskIds().includes(taskId)) return resolveTask(taskId);
  } catch {
    // reported below
  }
  throw new LineageError(
    "invalid_input",
    `task ${JSON.stringify(taskId)} has no evaluator on this machine (only runs started here and built-in tasks can be re-evaluated)`,
  );
}

/**
 * The trial's code with the task's evaluator-owned files as they are now: a reproduction must be
 * scored by the task's evaluator, not by the copy that travelled with the trial's snapshot.
 */
export function withTaskEvaluator(files: Files, task: LoadedTask): Files {
  const protectedPaths = task.manifest.protectedPaths ?? [];
  const out: Files = new Map([...files].filter(([path]) => !matchesAny(path, protectedPaths)));
  for (const [path, content] of task.baseline) if (matchesAny(path, protectedPaths)) out.set(path, content);
  return out;
}

/** Everything a re-evaluation needs, or a clear refusal (checked when asked, again when run). */
export function prepareReevaluation(db: Db, trialId: string) {
  const trial = getTrialRow(db, trialId);
  if (!trial) throw new LineageError("not_found", `trial ${JSON.stringify(trialId)} does not exist`);
  if (trial.status !== "evaluated") throw new LineageError("invalid_input", `trial ${JSON.stringify(trial.id)} has not been evaluated yet`);
  const files = codeOfTrial(db, trial.id);
  if (!files)
    throw new LineageError("invalid_input", `trial ${JSON.stringify(trial.id)} has no stored code (imported runs carry none), so it cannot be re-run`);
  const run = getRunRow(db, trial.runId)!;
  const task = getTaskRow(db, run.taskId)!;
  return { trial, files, task, loaded: loadEvaluator(db, run.id, task.id) };
}

export type ReevalRequest = {
  id: string;
  trialId: string;
  status: string;
  actor: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  result: Omit<ReevaluationRow, "log"> | null;
};

function requestView(db: Db, job: q.ReevalJobRow): ReevalRequest {
  let result: Omit<ReevaluationRow, "log"> | null = null;
  if (job.reevaluationId) {
    const row = (reevaluationsOf(db, [job.trialId]).get(job.trialId) ?? []).find((r) => r.id === job.reevaluationId);
    if (row) {
      const { log: _log, ...view } = row;
      result = view;
    }
  }
  return {
    id: job.id,
    trialId: job.trialId,
    status: job.status,
    actor: job.actor,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    error: job.error,
    result,
  };
}

/** Queues a re-evaluation of the trial's stored code; refused (429) when the queue is full. */
export function requestReevaluation(db: Db, input: { trialId: string; actor: string }): ReevalRequest {
  prepareReevaluation(db, input.trialId);
  return inWriteTransaction(db, () => {
    const waiting = q.countReevalJobs(db, "queued");
    if (waiting >= MAX_WAITING_REEVALS) {
      const running = q.countReevalJobs(db, "running");
      throw new LineageError(
        "rate_limited",
        `the re-evaluation queue is full: ${waiting} requests are waiting and ${running} running (at most ${MAX_WAITING_REEVALS} wait); try again when one has finished`,
        { waiting, running, retryAfterSeconds: 5 },
      );
    }
    const row: q.ReevalJobRow = {
      id: ulid(),
      trialId: input.trialId,
      actor: input.actor,
      status: "queued",
      runnerId: null,
      pgid: null,
      executor: null,
      executorJobId: null,
      workspace: null,
      reevaluationId: null,
      error: null,
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
    };
    q.insertReevalJob(db, row);
    return requestView(db, row);
  });
}

export function getReevalRequest(db: Db, id: string): ReevalRequest {
  const job = q.getReevalJob(db, id);
  if (!job) throw new LineageError("not_found", `re-evaluation request ${JSON.stringify(id)} does not exist`);
  return requestView(db, job);
}

/** The trial's latest re-evaluation requests (newest first), for the trial page to poll. */
export function listReevalRequests(db: Db, trialId: string): ReevalRequest[] {
  if (!getTrialRow(db, trialId)) throw new LineageError("not_found", `trial ${JSON.stringify(trialId)} does not exist`);
  return q.reevalJobsOfTrial(db, trialId, 10).map((j) => requestView(db, j));
}
