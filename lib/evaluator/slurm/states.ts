// Slurm's job states in Lineage's words. Pure: no commands, no clock.

/** Why a job ended, as the evaluator's caller needs to know it. */
export type TerminalReason =
  | "completed"
  | "crash"
  | "timeout"
  | "out_of_memory"
  | "node_failure"
  | "preempted"
  | "cancelled"
  /** Slurm no longer knows the job id (and no completion record has it). */
  | "lost";

export type Phase = "pending" | "running" | "ended";

const PENDING = new Set(["PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESV_DEL_HOLD"]);
const RUNNING = new Set(["RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "STOPPED", "SIGNALING", "STAGE_OUT", "RESIZING"]);
const TERMINAL: Record<string, TerminalReason> = {
  COMPLETED: "completed",
  FAILED: "crash",
  SPECIAL_EXIT: "crash",
  TIMEOUT: "timeout",
  DEADLINE: "timeout",
  OUT_OF_MEMORY: "out_of_memory",
  NODE_FAIL: "node_failure",
  BOOT_FAIL: "node_failure",
  PREEMPTED: "preempted",
  CANCELLED: "cancelled",
  REVOKED: "cancelled",
};

/** The state word as Slurm prints it: sacct writes "CANCELLED by 0", squeue "CANCELLED". */
export function stateWord(raw: string): string {
  return raw.trim().split(/\s+/)[0]?.replace(/\+$/, "").toUpperCase() ?? "";
}

export function phaseOf(state: string): Phase | "unknown" {
  const word = stateWord(state);
  if (PENDING.has(word)) return "pending";
  if (RUNNING.has(word)) return "running";
  if (word in TERMINAL) return "ended";
  return "unknown";
}

/**
 * The reason a job ended. A COMPLETED job with a non-zero code cannot happen in Slurm, but if a
 * record says so the code wins: a non-zero exit is a crash.
 */
export function terminalReason(state: string, exit: ExitStatus): TerminalReason {
  const reason = TERMINAL[stateWord(state)];
  if (!reason) throw new Error(`not a terminal Slurm state: '${state}'`);
  if (reason === "completed" && (exit.code !== 0 || exit.signal !== null)) return "crash";
  return reason;
}

export interface ExitStatus {
  /** The batch script's exit code; null when it died of a signal. */
  code: number | null;
  signal: number | null;
}

/** squeue's exit_code is the raw wait status: code << 8, or the signal number. */
export function exitFromWaitStatus(status: number): ExitStatus {
  if (!Number.isInteger(status) || status < 0) return { code: null, signal: null };
  const signal = status & 0x7f;
  if (signal !== 0) return { code: null, signal };
  return { code: (status >> 8) & 0xff, signal: null };
}

/** sacct and the completion log write "code:signal". */
export function exitFromPair(pair: string): ExitStatus {
  const m = /^(\d+):(\d+)$/.exec(pair.trim());
  if (!m) return { code: null, signal: null };
  const signal = Number(m[2]);
  return signal !== 0 ? { code: null, signal } : { code: Number(m[1]), signal: null };
}
