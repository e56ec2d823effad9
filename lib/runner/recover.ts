// Taking a run over from a runner that died. A job that outlives its runner (a Slurm batch job) is
// adopted: the caller waits for it or reads it and records the trial as its own (adopt-trial-job.ts).
// Every other job (a local sandbox) is made sure gone (the executor's recover) and its trial is
// recorded as infra_error (interrupted). Nothing recorded is lost: recorded trials were committed
// before the runner could die.
import type { Db } from "../../db/client";
import type { Executor } from "../evaluator/executor";
import { localExecutor } from "../evaluator/local-executor";
import { unmountScratch } from "../evaluator/scratch-fs";
import { adoptable } from "../services/adopt-trial-job";
import { jobsLeftInRun, recordInterrupted, type InFlightJob } from "../services/trial-jobs";

/** Makes sure a job a dead runner submitted is gone (guarded by its workspace against a reused id). */
export async function buryJob(executor: Executor, executorJobId: string | undefined, workspace: string | undefined): Promise<void> {
  if (!executorJobId) return;
  const status = await executor.recover(executorJobId, workspace);
  if (status.state !== "done") await executor.cancel(executorJobId);
}

/**
 * Records the run's interrupted trials (those whose jobs died with their runner) and returns how
 * many, with the jobs to adopt: those whose jobs outlive their runner, still for `executor` to finish.
 */
export async function recoverInterruptedJobs(
  db: Db,
  runId: string,
  logTailChars: number,
  exceptRunner: string,
  executor: Executor = localExecutor,
): Promise<{ interrupted: number; toAdopt: InFlightJob[] }> {
  const jobs = jobsLeftInRun(db, runId, exceptRunner);
  const toAdopt = jobs.filter((j) => adoptable(j, executor));
  const interrupted = jobs.filter((j) => !toAdopt.includes(j));
  for (const job of interrupted) {
    await buryJob(executor, job.executorJobId, job.workspace);
    if (job.workspace) unmountScratch(job.workspace); // a dead runner leaves its tmpfs mounted
    recordInterrupted(db, job, logTailChars);
  }
  return { interrupted: interrupted.length, toAdopt };
}
