// The seam between "evaluate this staged workspace" and the machine that runs it. The evaluation
// pipeline stages a workspace, submits one job, polls until it is done, collects its output and
// judges the result; it never knows whether the job ran in a local sandbox or on a cluster.
// Executors: `local` (lib/evaluator/local-executor.ts, today's sandbox); Slurm implements the same
// interface (lib/evaluator/slurm/). Job ids are opaque strings the executor makes; callers store
// them so a later runner process can recover (adopt or bury) a job a dead one submitted.

/** Budgets the executor enforces on the whole job (every process it starts). */
export type JobLimits = {
  /** wall-clock budget of the run (start→end, queue time not counted); past it the job is killed */
  wallclockSeconds: number;
  /** memory cap in bytes (address space locally, the job's memory request on a cluster); none when absent */
  memoryBytes?: number;
  /** CPU cores reserved for the job (a cluster's --cpus-per-task; advisory locally); 1 when absent */
  cpus?: number;
  /** output (stdout + stderr) past this many bytes is a flood: the job is killed */
  outputBytes?: number;
};

/**
 * The task's trusted scorer, run beside the job's command with one socket between them (the
 * command's fd 3 and the scorer's fd 3). In `command` and `env` values, `{evaluator}` stands for
 * where `dir` appears to the scorer and `{out}` for where `outDir` does.
 */
export type ScorerSpec = {
  /** the scorer's argv ({evaluator} and {out} substituted by the executor) */
  command: string[];
  /** host folder of the scorer's code, shown to it read-only; never part of the workspace */
  dir: string;
  /** host folder the scorer writes its result file into (its only writable folder) */
  outDir: string;
  /** environment of the scorer ({evaluator} and {out} substituted in values) */
  env: Record<string, string>;
  /** memory cap of the scorer's processes in bytes */
  memoryBytes: number;
};

/** What to run: a staged workspace, a command and its limits. */
export type ExecutorJob = {
  /** a name for logs and queue listings (the trial or re-evaluation id) */
  name: string;
  /** the staged workspace on the host: the command's cwd and only writable folder (a shared folder for a cluster) */
  workspace: string;
  /** the command's argv, run in the workspace without a shell */
  command: string[];
  /** variables added to the executor's scrubbed environment */
  env: Record<string, string>;
  /** the budgets the executor enforces */
  limits: JobLimits;
  /** characters of output kept (the tail) */
  logTailChars: number;
  /** the uid the workspace was handed to (local namespaced sandbox only); the executor picks one when absent */
  uid?: number;
  /** the task's trusted scorer, run beside the command; absent for a task whose command writes its own result */
  scorer?: ScorerSpec;
};

/** Why a job ended. */
export type TerminalReason =
  /** its command exited (with any code) or was killed by a signal of its own doing */
  | "completed"
  /** the wall-clock limit was reached and the executor killed it */
  | "timeout"
  /** the memory limit was reached and the executor (or the cluster's cgroup) killed it */
  | "out_of_memory"
  /** it printed more than limits.outputBytes and was killed */
  | "output_limit"
  /** the machine it ran on failed */
  | "node_failure"
  /** the scheduler took its resources back for other work */
  | "preempted"
  /** cancel() was called (or the runner stopped) */
  | "cancelled"
  /** the executor no longer knows the job (it died with a previous runner, or its record expired) */
  | "lost"
  /** the executor's own part of the job failed (a cluster job whose evaluator on the node left no result): says nothing about the command */
  | "harness_failure"
  /** it waited in the queue past the executor's pending limit and was cancelled before it started */
  | "never_started";

/** Wall-clock instants of a job in milliseconds since the epoch; queue wait and run time are apart. */
export type JobTimings = {
  /** when submit() accepted the job */
  submittedAt: number;
  /** when its command started (absent while pending) */
  startedAt?: number;
  /** when it ended (absent until done) */
  endedAt?: number;
};

/** Where a job stands, as one poll() sees it. */
export type JobStatus =
  /** accepted, not started; `reason` says why it waits (the scheduler's words: Priority, Resources…) */
  | { state: "pending"; reason: string; timings: JobTimings }
  /** started; `node` names the machine when the executor knows it */
  | { state: "running"; node?: string; timings: JobTimings }
  /** over: exit code or signal of its command, and why it ended */
  | {
      state: "done";
      exitCode: number | null;
      signal: string | null;
      reason: TerminalReason;
      timings: JobTimings;
      node?: string;
      /** the executor's words on why it ended, where they add to the reason (the scheduler's pending reason, its memory limit) */
      detail?: string;
    };

/** How one process of a finished job ended, as collect() reports it. */
export type ProcessEnd = { exitCode: number | null; signal: string | null; reason: TerminalReason; log: string; outputBytes: number };

/** What a finished job left besides its workspace. */
export type JobOutput = {
  /** the command's end and the tail of its output */
  command: ProcessEnd;
  /** the scorer's end and output, when the job had one */
  scorer?: ProcessEnd;
  /** the scorer ended first and the executor stopped the command (its exit code then says nothing) */
  stoppedByScorer: boolean;
  /** how the job was isolated, in the executor's words (namespaces, process-group, slurm) */
  isolation: string;
};

/** Where collect() brings a finished job's files back to, when not where they were submitted from (a successor adopting a dead runner's job). */
export type CollectInto = { workspace: string; scorerOut?: string };

export interface Executor {
  /** the executor's name as a run spec or the CLI names it: "local", "slurm" */
  readonly name: string;
  /**
   * Its jobs outlive the runner that submitted them (a cluster's batch jobs): a successor adopts
   * them by id and waits for them, rather than burying them as it does a dead runner's sandboxes.
   */
  readonly jobsOutliveRunner?: boolean;
  /** how often a caller should poll (a few ms locally, seconds for a cluster's queue) */
  readonly pollIntervalMs: number;
  /** starts (or queues) a job and returns its id at once; the job's workspace must stay until collect() */
  submit(job: ExecutorJob): Promise<{ jobId: string }>;
  /** the status of many jobs in one call (one squeue/sacct for a cluster); an unknown id is done/lost */
  poll(jobIds: readonly string[]): Promise<Map<string, JobStatus>>;
  /** kills a pending or running job (every process it started); a finished or unknown job is left as it is */
  cancel(jobId: string): Promise<void>;
  /** adopts a job a previous runner process submitted (by its stored id) and returns its status; `workspace` guards against a reused id */
  recover(jobId: string, workspace?: string): Promise<JobStatus>;
  /** the output of a done job, its files brought back (to `into` when given); afterwards the executor forgets it (poll then says lost) */
  collect(jobId: string, into?: CollectInto): Promise<JobOutput>;
}

/** Seconds a job waited in the queue (submit→start), once it started. */
export const queueSeconds = (t: JobTimings): number | undefined => (t.startedAt === undefined ? undefined : (t.startedAt - t.submittedAt) / 1000);

/** Seconds a job ran (start→end), once it ended. */
export const runSeconds = (t: JobTimings): number | undefined =>
  t.startedAt === undefined || t.endedAt === undefined ? undefined : (t.endedAt - t.startedAt) / 1000;

/** Polls `jobIds` together until each is done, cancelling the rest once `signal` aborts; resolves with their final statuses. */
export async function waitForAll(executor: Executor, jobIds: readonly string[], signal?: AbortSignal): Promise<Map<string, JobStatus>> {
  const done = new Map<string, JobStatus>();
  for (;;) {
    const open = jobIds.filter((id) => !done.has(id));
    if (open.length === 0) return done;
    for (const [id, s] of await executor.poll(open)) if (s.state === "done") done.set(id, s);
    if (signal?.aborted) for (const id of open) if (!done.has(id)) await executor.cancel(id);
    if (jobIds.every((id) => done.has(id))) return done;
    // on the interval's boundaries: callers waiting on the same executor poll together (one scheduler call for a cluster)
    const every = executor.pollIntervalMs;
    await new Promise((r) => setTimeout(r, every - (Date.now() % every)));
  }
}
