// Taking a run over from a runner that died: its evaluations' jobs are made sure gone (the
// executor's recover), and each trial it was evaluating is recorded as infra_error (interrupted).
// Nothing recorded is lost: recorded trials were committed before the runner could die.
import type { Db } from "../../db/client";
import type { Executor } from "../evaluator/executor";
import { localExecutor } from "../evaluator/local-executor";
import { unmountScratch } from "../evaluator/scratch-fs";
import { jobsLeftInRun, recordInterrupted } from "../services/trial-jobs";

/** Makes sure a job a dead runner submitted is gone (guarded by its workspace against a reused id). */
export async function buryJob(executor: Executor, executorJobId: string | undefined, workspace: string | undefined): Promise<void> {
  if (!executorJobId) return;
  const status = await executor.recover(executorJobId, workspace);
  if (status.state !== "done") await executor.cancel(executorJobId);
}

export async function recoverInterruptedJobs(
  db: Db,
  runId: string,
  logTailChars: number,
  exceptRunner: string,
  executor: Executor = localExecutor,
): Promise<number> {
  const jobs = jobsLeftInRun(db, runId, exceptRunner);
  for (const job of jobs) {
    await buryJob(executor, job.executorJobId, job.workspace);
    if (job.workspace) unmountScratch(job.workspace); // a dead runner leaves its tmpfs mounted
    recordInterrupted(db, job, logTailChars);
  }
  return jobs.length;
}
