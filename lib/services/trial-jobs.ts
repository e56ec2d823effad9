// Trials in flight: before an evaluation starts, its code snapshot and a job row (the planned trial,
// its workspace, the runner) are written in one transaction, and the executor's job id once it is
// submitted, so a successor can bury the job and record the trial as interrupted if this runner
// dies. Recording the outcome (record-outcome.ts) deletes the job row in the same transaction.
import type { Db } from "../../db/client";
import * as q from "../../db/runner-queries";
import * as write from "../../db/write-queries";
import type { Files } from "../evaluator/files";
import { saveSnapshot } from "./code-snapshots";
import { recordOutcome, type PlannedTrial, type RecordedTrial } from "./record-outcome";

export type InFlightJob = {
  id: string;
  runnerId: string;
  planned: PlannedTrial;
  workspace?: string;
  /** the executor that runs it (absent in rows written before executors were named: local) */
  executor?: string;
  executorJobId?: string;
  snapshotHash?: string;
};

/** Stores the code about to be evaluated and the job row; returns the snapshot's hash. */
export function beginTrialJob(
  db: Db,
  job: { id: string; runId: string; runnerId: string; planned: PlannedTrial; workspace: string; files: Files; startedAt: string },
): string {
  return write.inWriteTransaction(db, () => {
    const hash = saveSnapshot(db, job.files);
    const planned = { ...job.planned, workspace: job.workspace } as unknown as Record<string, unknown>;
    q.insertJob(db, {
      id: job.id,
      runId: job.runId,
      runnerId: job.runnerId,
      planned,
      snapshotHash: hash,
      pgid: null,
      executor: null,
      executorJobId: null,
      startedAt: job.startedAt,
    });
    return hash;
  });
}

/** A local executor's id is a process group id: kept in pgid too, for runners that read only that. */
export const storableJobId = (executorJobId: string): number | undefined => (/^\d{1,9}$/.test(executorJobId) ? Number(executorJobId) : undefined);

/** The executor's name and id for a trial's job, stored for crash recovery. */
export function noteTrialJobSubmitted(db: Db, jobId: string, executorJobId: string, executor = "local"): void {
  q.setJobExecutorId(db, jobId, executor, executorJobId, executor === "local" ? (storableJobId(executorJobId) ?? null) : null);
}

export function noteReevalJobSubmitted(db: Db, reevalJobId: string, executorJobId: string, executor = "local"): void {
  q.setReevalExecutorId(db, reevalJobId, executor, executorJobId, executor === "local" ? (storableJobId(executorJobId) ?? null) : null);
}

const executorIdOf = (row: { executorJobId: string | null; pgid: number | null }) => row.executorJobId ?? (row.pgid != null ? String(row.pgid) : undefined);

function inFlight(row: ReturnType<typeof q.jobsOfRun>[number]): InFlightJob {
  const { workspace, ...planned } = row.planned as PlannedTrial & { workspace?: string };
  return {
    id: row.id,
    runnerId: row.runnerId,
    planned,
    workspace,
    executor: row.executor ?? undefined,
    executorJobId: executorIdOf(row),
    snapshotHash: row.snapshotHash ?? undefined,
  };
}

/** Jobs of a run that runners other than `exceptRunner` left in flight. */
export const jobsLeftInRun = (db: Db, runId: string, exceptRunner: string): InFlightJob[] =>
  q
    .jobsOfRun(db, runId)
    .filter((j) => j.runnerId !== exceptRunner)
    .map(inFlight);

/** What a (dead) runner had in flight: trial jobs and running re-evaluations, with their workspaces and executor ids. */
export function jobsLeftBy(
  db: Db,
  runnerId: string,
): { trials: InFlightJob[]; reevals: { id: string; workspace?: string; executor?: string; executorJobId?: string }[] } {
  return {
    trials: q.jobsOfRunner(db, runnerId).map(inFlight),
    reevals: q
      .runningReevalsOf(db, runnerId)
      .map((j) => ({ id: j.id, workspace: j.workspace ?? undefined, executor: j.executor ?? undefined, executorJobId: executorIdOf(j) })),
  };
}

/** Records a job whose runner died as infra_error (interrupted): the trial says nothing about its recipe. */
export function recordInterrupted(db: Db, job: InFlightJob, logTailChars: number): RecordedTrial {
  return recordOutcome(
    db,
    { ...job.planned, extra: { ...job.planned.extra, interruptedRunner: job.runnerId } },
    {
      failure: "infra_error",
      failureDetail: `interrupted: runner ${job.runnerId} stopped while evaluating this trial`,
      feedback: "infra_error: interrupted (says nothing about the recipe)",
    },
    { logTailChars, code: job.snapshotHash, jobId: job.id },
  );
}
