// Taking a run over from a runner that died: its evaluations' process groups are made sure gone,
// and each trial it was evaluating is recorded as infra_error (interrupted). Nothing recorded is
// lost: recorded trials were committed before the runner could die.
import { readlinkSync } from "node:fs";
import type { Db } from "../../db/client";
import * as q from "../../db/runner-queries";
import { recordTrial, type PlannedTrial } from "../services/record-trial";
import { killGroup } from "../evaluator/sandbox";
import { unmountScratch } from "../evaluator/scratch-fs";

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Kills a recorded sandbox group if it is still there and still ours (its cwd is the job's workspace). */
export function ensureGone(pgid: number | null, workspace: string | undefined): void {
  if (!pgid || !processAlive(pgid)) return;
  let cwd: string | undefined;
  try {
    cwd = readlinkSync(`/proc/${pgid}/cwd`);
  } catch {
    cwd = undefined;
  }
  if (cwd === undefined || workspace === undefined || cwd === workspace) killGroup(pgid);
}

export function recoverInterruptedJobs(db: Db, runId: string, logTailChars: number, exceptRunner: string): number {
  const jobs = q.jobsOfRun(db, runId).filter((j) => j.runnerId !== exceptRunner);
  for (const job of jobs) {
    const { workspace, ...planned } = job.planned as PlannedTrial & { workspace?: string };
    ensureGone(job.pgid, workspace);
    if (workspace) unmountScratch(workspace); // a dead runner leaves its tmpfs mounted
    recordTrial(
      db,
      { ...planned, extra: { ...planned.extra, interruptedRunner: job.runnerId } },
      { failure: "infra_error", failureDetail: `interrupted: runner ${job.runnerId} stopped while evaluating this trial`, feedback: "infra_error: interrupted (says nothing about the recipe)" },
      { logTailChars, code: job.snapshotHash ?? undefined, jobId: job.id },
    );
  }
  return jobs.length;
}
