// A dead runner's trial whose job outlived it (a Slurm batch job): the successor adopts the job by
// its stored id, waits for it or reads it, and records the trial as if it had submitted it itself;
// a job the executor no longer knows is recorded infra_error "lost". The job row goes with the
// record, in the same transaction, so nothing is evaluated twice and nothing is left behind.
import type { Db } from "../../db/client";
import { adoptEvaluation } from "../evaluator/evaluate";
import type { Executor } from "../evaluator/executor";
import type { LoadedTask } from "../evaluator/task";
import { loadSnapshot } from "./code-snapshots";
import { recordEvaluation, type EvaluatedSubmission } from "./evaluate-submission";
import { recordOutcome } from "./record-outcome";
import type { InFlightJob } from "./trial-jobs";

/** Whether a dead runner's trial job can be adopted by `executor` (its jobs outlive runners, and the row names one of its jobs). */
export const adoptable = (job: InFlightJob, executor: Executor): boolean =>
  Boolean(executor.jobsOutliveRunner && job.executorJobId && job.executor === executor.name && job.snapshotHash);

export async function adoptTrialJob(
  db: Db,
  job: InFlightJob,
  o: { executor: Executor; task: LoadedTask; workspace: string; logTailChars: number; signal?: AbortSignal },
): Promise<EvaluatedSubmission> {
  const planned = { ...job.planned, extra: { ...job.planned.extra, adoptedFrom: job.runnerId } };
  const adopted = await adoptEvaluation(o.executor, job.executorJobId!, job.workspace, o.workspace, o.task.manifest, {
    logTailChars: o.logTailChars,
    signal: o.signal,
    taskDir: o.task.dir,
  });
  if (adopted.kind === "lost") {
    const outcome = { failure: "infra_error" as const, failureDetail: adopted.detail, feedback: "infra_error: lost (says nothing about the recipe)" };
    return { recorded: recordOutcome(db, planned, outcome, { logTailChars: o.logTailChars, code: job.snapshotHash, jobId: job.id }), outcome };
  }
  const files = loadSnapshot(db, job.snapshotHash!);
  return recordEvaluation(db, o.task, planned, adopted.outcome, { code: job.snapshotHash!, files, logTailChars: o.logTailChars, jobId: job.id });
}
