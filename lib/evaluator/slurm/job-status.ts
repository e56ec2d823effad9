// What the client reports about one job, from Slurm's own fields and times.
import type { ExitStatus, TerminalReason } from "./states";

interface Common {
  jobId: string;
  /** Slurm's state word (PENDING, RUNNING, TIMEOUT…), kept for messages. */
  slurmState: string;
  submittedAt: Date | null;
}

export interface PendingJob extends Common {
  phase: "pending";
  /** Why Slurm has not started it (Priority, Resources, JobHeldUser, BeginTime…). */
  reason: string;
}

export interface RunningJob extends Common {
  phase: "running";
  node: string;
  startedAt: Date | null;
  /** Submit → start, from Slurm's own times. */
  queueWaitMs: number | null;
}

export interface EndedJob extends Common {
  phase: "ended";
  reason: TerminalReason;
  exit: ExitStatus;
  /** Slurm's reason field (NonZeroExitCode, TimeLimit, OutOfMemory…), or "" when it gave none. */
  slurmReason: string;
  node: string;
  startedAt: Date | null;
  endedAt: Date | null;
  queueWaitMs: number | null;
  /** Start → end, from Slurm's own times. */
  runMs: number | null;
  /** Where the answer came from: squeue (the controller's memory), the completion log, or sacct. */
  source: "squeue" | "completion-log" | "sacct" | "none";
}

export type SlurmJobStatus = PendingJob | RunningJob | EndedJob;

export function lostJob(jobId: string): EndedJob {
  return {
    jobId,
    phase: "ended",
    reason: "lost",
    slurmState: "",
    slurmReason: "",
    exit: { code: null, signal: null },
    node: "",
    submittedAt: null,
    startedAt: null,
    endedAt: null,
    queueWaitMs: null,
    runMs: null,
    source: "none",
  };
}

export function span(from: Date | null, to: Date | null): number | null {
  if (!from || !to) return null;
  const ms = to.getTime() - from.getTime();
  return ms >= 0 ? ms : null;
}
