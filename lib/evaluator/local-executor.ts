// The `local` executor: each job runs at once on this machine in the sandbox (lib/evaluator/sandbox.ts),
// alone or beside the task's trusted scorer with one socket between them. Its job id is the process
// group id of the job's command, so a later runner can make sure a dead runner's job is gone; a job
// never outlives the runner that started it (the sandbox dies with its parent), so recover() buries,
// it never adopts.
import { chownSync, readlinkSync } from "node:fs";
import type { Socket } from "node:net";
import type { Executor, ExecutorJob, JobOutput, JobStatus, JobTimings, ProcessEnd, TerminalReason } from "./executor";
import { probeIsolation } from "./isolation";
import { SANDBOX_WORKDIR, killGroup, runSandboxed, type SandboxOptions, type SandboxResult } from "./sandbox";
import { acquireSandboxUid } from "./uid-pool";

type Finished = { command: SandboxResult; scorer?: SandboxResult; stoppedByScorer: boolean };
type Entry = { job: ExecutorJob; timings: JobTimings; cancel: AbortController; finished?: Finished; cancelled: boolean; done: Promise<void> };

let nextUnspawned = 0;

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Kills a process group if it is still there and still the job's (its cwd is the job's workspace). */
export function killLeftoverGroup(pgid: number, workspace: string | undefined): void {
  if (!Number.isInteger(pgid) || pgid <= 1 || !processAlive(pgid)) return;
  let cwd: string | undefined;
  try {
    cwd = readlinkSync(`/proc/${pgid}/cwd`);
  } catch {
    cwd = undefined;
  }
  if (cwd === undefined || workspace === undefined || cwd === workspace) killGroup(pgid);
}

function reasonOf(r: SandboxResult): TerminalReason {
  return r.aborted ? "cancelled" : r.timedOut ? "timeout" : r.flooded ? "output_limit" : "completed";
}

function endOf(r: SandboxResult, reason: TerminalReason = reasonOf(r)): ProcessEnd {
  return { exitCode: r.exitCode, signal: r.signal, reason, log: r.log, outputBytes: r.outputBytes };
}

const fill = (s: string, evaluatorAt: string, outAt: string) => s.replaceAll("{evaluator}", evaluatorAt).replaceAll("{out}", outAt);

export class LocalExecutor implements Executor {
  readonly name = "local";
  readonly pollIntervalMs = 10;
  private readonly jobs = new Map<string, Entry>();

  async submit(job: ExecutorJob): Promise<{ jobId: string }> {
    const cancel = new AbortController();
    const now = Date.now();
    let pgid: number | undefined;
    const entry: Entry = { job, timings: { submittedAt: now, startedAt: now }, cancel, cancelled: false, done: Promise.resolve() };
    const command: SandboxOptions = {
      cwd: job.workspace,
      command: job.command,
      env: job.env,
      wallclockMs: job.limits.wallclockSeconds * 1000,
      memoryBytes: job.limits.memoryBytes,
      maxOutputBytes: job.limits.outputBytes,
      logTailChars: job.logTailChars,
      uid: job.uid,
      signal: cancel.signal,
      onSpawn: (p) => (pgid = p),
    };
    const running = job.scorer ? this.runWithScorer(command, job) : runSandboxed(command).then((r): Finished => ({ command: r, stoppedByScorer: false }));
    const jobId = pgid !== undefined ? String(pgid) : `unspawned-${process.pid}-${++nextUnspawned}`;
    entry.done = running.then((f) => {
      entry.finished = f;
      entry.timings = { ...entry.timings, endedAt: Date.now() };
    });
    this.jobs.set(jobId, entry);
    return { jobId };
  }

  /** The command and the scorer in sandboxes of their own, talking over one socket pair. */
  private async runWithScorer(command: SandboxOptions, job: ExecutorJob): Promise<Finished> {
    const scorer = job.scorer!;
    const namespaces = probeIsolation().isolation === "namespaces";
    const lease = namespaces ? acquireSandboxUid() : undefined;
    if (lease) chownSync(scorer.outDir, lease.uid, lease.uid);
    const evaluatorAt = namespaces ? "/evaluator" : scorer.dir;
    const outAt = namespaces ? SANDBOX_WORKDIR : scorer.outDir;
    const stopCommand = new AbortController();
    let stoppedByScorer = false;
    try {
      // One socket pair between the two processes, made as the command's process starts: the harness
      // passes its end to the scorer and closes it in the same tick, before anything could be sent,
      // so the two share that socket and nothing else.
      let pairEnd = undefined as Socket | undefined;
      const commandRun = runSandboxed({
        ...command,
        signal: AbortSignal.any([stopCommand.signal, command.signal!]),
        channel: "open",
        onChannel: (s) => (pairEnd = s),
      });
      if (!pairEnd) throw new Error("the recipe's process has no channel");
      const scorerRun = runSandboxed({
        cwd: scorer.outDir,
        command: scorer.command.map((a) => fill(a, evaluatorAt, outAt)),
        env: Object.fromEntries(Object.entries(scorer.env).map(([k, v]) => [k, fill(v, evaluatorAt, outAt)])),
        wallclockMs: command.wallclockMs,
        memoryBytes: scorer.memoryBytes,
        logTailChars: command.logTailChars,
        signal: command.signal,
        uid: lease?.uid,
        readOnlyBinds: namespaces ? [{ host: scorer.dir, at: evaluatorAt }] : [],
        channel: pairEnd,
      }).then((r) => {
        // the scorer has its answer (or refused the recipe's output): the recipe's part is over
        if (r.exitCode !== 0 || r.timedOut) {
          stoppedByScorer = true;
          stopCommand.abort();
        }
        return r;
      });
      pairEnd.destroy();
      const [c, s] = await Promise.all([commandRun, scorerRun]);
      return { command: c, scorer: s, stoppedByScorer };
    } finally {
      lease?.release();
    }
  }

  private status(e: Entry | undefined): JobStatus {
    if (!e) return { state: "done", exitCode: null, signal: null, reason: "lost", timings: { submittedAt: Date.now() } };
    if (!e.finished) return { state: "running", node: "localhost", timings: e.timings };
    const { command: c, scorer: s } = e.finished;
    // the scorer's timeout ends the whole job; the command stopped by the scorer is not a cancellation
    const reason: TerminalReason = e.cancelled ? "cancelled" : s?.timedOut ? "timeout" : e.finished.stoppedByScorer && c.aborted ? "completed" : reasonOf(c);
    return { state: "done", exitCode: c.exitCode, signal: c.signal, reason, timings: e.timings, node: "localhost" };
  }

  async poll(jobIds: readonly string[]): Promise<Map<string, JobStatus>> {
    return new Map(jobIds.map((id) => [id, this.status(this.jobs.get(id))]));
  }

  async cancel(jobId: string): Promise<void> {
    const e = this.jobs.get(jobId);
    if (!e || e.finished) return;
    e.cancelled = true;
    e.cancel.abort();
    await e.done;
  }

  async recover(jobId: string, workspace?: string): Promise<JobStatus> {
    const known = this.jobs.get(jobId);
    if (known) return this.status(known);
    killLeftoverGroup(Number(jobId), workspace);
    return this.status(undefined);
  }

  async collect(jobId: string): Promise<JobOutput> {
    const e = this.jobs.get(jobId);
    if (!e) throw new Error(`no job ${jobId} on the local executor (collected already, or never submitted here)`);
    if (!e.finished) throw new Error(`job ${jobId} is still running`);
    this.jobs.delete(jobId);
    const { command: c, scorer: s, stoppedByScorer } = e.finished;
    // stopped by the scorer only if the stop reached it: a command that had already crashed on its own is a crash
    return { command: endOf(c), scorer: s ? endOf(s) : undefined, stoppedByScorer: stoppedByScorer && c.aborted, isolation: c.isolation };
  }
}

/** The one local executor of this process: its jobs die with it, so one registry serves every caller. */
export const localExecutor = new LocalExecutor();
