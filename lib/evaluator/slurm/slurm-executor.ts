// The `slurm` executor: each job is one batch job on a Slurm cluster. The workspace is staged on a
// shared folder the compute nodes see (LINEAGE_SHARED_DIR), the job's limits become sbatch's
// (--time = wall-clock budget + grace, --mem = memory budget), and many jobs are read with one
// squeue call. The job id is Slurm's, so a later runner adopts a job by it.
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { CollectInto, Executor, ExecutorJob, JobOutput, JobStatus, JobTimings, TerminalReason } from "../executor";
import { SlurmClient, type SlurmClientOptions } from "./client";
import { checkSharedDir } from "./shared-dir";
import type { SlurmJobStatus } from "./job-status";
import { jobScript, nodeJobScript, parseStatusLine } from "./job-script";
import { NODE_SPEC_FILE, readNodeResult, type NodeJobSpec } from "./node-job";
import type { TerminalReason as SlurmReason } from "./states";

export interface SlurmExecutorOptions extends SlurmClientOptions {
  /** A folder every compute node sees at the same path (LINEAGE_SHARED_DIR). */
  sharedDir: string | undefined;
  partition?: string;
  account?: string;
  qos?: string;
  gres?: string;
  /** --cpus-per-task for every job (else the job's own limits.cpus) */
  cpus?: number;
  /** --mem for every job in bytes (else the job's memory budget, plus room for the evaluator and scorer on the node) */
  memoryBytes?: number;
  /** The `lineage` command the node runs a job with a trusted scorer through (Node and this checkout at the same paths on the nodes). */
  nodeCommand?: string[];
  /** Seconds Slurm's --time gives beyond the wall-clock budget (the budget itself is enforced on the node). */
  graceSeconds?: number;
  /** Seconds a job may wait in the queue before it is cancelled as never started (default DEFAULT_MAX_PENDING_SECONDS). */
  maxPendingSeconds?: number;
  pollIntervalMs?: number;
}

export { checkSharedDir } from "./shared-dir";

const JOBS = "lineage-jobs";
/** A day: a busy cluster's queue can hold a job for hours; a job still waiting after a day is taken for one that will never start. */
export const DEFAULT_MAX_PENDING_SECONDS = 24 * 3600;
const BATCH_WINDOW_MS = 5;
/** Room on the node beside the recipe's memory budget for the evaluator and the trusted scorer. */
const NODE_OVERHEAD_BYTES = 512 * 1024 ** 2;

/** `node bin/lineage-evaluate-job.mjs` of this checkout (`lineage evaluate-job` without the rest of the CLI): the nodes see it at the same path. */
export function defaultNodeCommand(): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  return [process.execPath, resolve(here, "../../../bin/lineage-evaluate-job.mjs")];
}

/** What the job folder's origin file says: where the harness staged it from and how to read it back. */
type Origin = { workspace: string; tailChars: number; outputBytes?: number; node: boolean; scorerOut?: string; memoryMb?: number };

function readOrigin(dir: string): Origin | undefined {
  const file = join(dir, "origin");
  if (!existsSync(file)) return undefined;
  const [workspace, tail, cap, mode, scorerOut, memoryMb] = readFileSync(file, "utf8").split("\n");
  return {
    workspace,
    tailChars: Number(tail) || 64 * 1024,
    outputBytes: Number(cap) || undefined,
    node: mode === "node",
    scorerOut: scorerOut || undefined,
    memoryMb: Number(memoryMb) || undefined,
  };
}
const ms = (d: Date | null) => (d ? d.getTime() : undefined);

async function tailOf(path: string, chars: number): Promise<{ text: string; bytes: number }> {
  const handle = await open(path, "r").catch(() => null);
  if (!handle) return { text: "", bytes: 0 };
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, chars * 4);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return { text: buffer.toString("utf8").slice(-chars), bytes: size };
  } finally {
    await handle.close();
  }
}

export class SlurmExecutor implements Executor {
  readonly name = "slurm";
  readonly jobsOutliveRunner = true;
  readonly pollIntervalMs: number;
  readonly client: SlurmClient;
  private readonly sharedDir: string;
  /** The poll being gathered: the ids asked for so far and the one answer they all get. */
  private batch: { ids: Set<string>; result: Promise<Map<string, JobStatus>> } | undefined;
  /** Jobs this process cancelled for flooding their output. */
  private readonly flooded = new Set<string>();
  /** The last status a poll saw of each job that is done: collect() reads it rather than asking the scheduler again. */
  private readonly finished = new Map<string, JobStatus>();
  /** Jobs this process cancelled for waiting past the pending limit, with what it says about them. */
  private readonly neverStarted = new Map<string, string>();

  constructor(private readonly options: SlurmExecutorOptions) {
    this.sharedDir = checkSharedDir(options.sharedDir);
    mkdirSync(join(this.sharedDir, JOBS, "by-id"), { recursive: true });
    this.client = new SlurmClient(options);
    this.pollIntervalMs = options.pollIntervalMs ?? 2000;
  }

  private dirOf(jobId: string): string | undefined {
    const link = join(this.sharedDir, JOBS, "by-id", jobId);
    if (!existsSync(link)) return undefined;
    return readFileSync(link, "utf8").trim();
  }

  async submit(job: ExecutorJob): Promise<{ jobId: string }> {
    const dir = mkdtempSync(join(this.sharedDir, JOBS, `${job.name.replace(/[^\w.-]/g, "_").slice(0, 60)}-`));
    const staged = join(dir, "workspace");
    cpSync(job.workspace, staged, { recursive: true, verbatimSymlinks: true });
    const script = join(dir, "job.sh");
    if (job.scorer) {
      // The trusted scorer runs beside the command under Lineage's own sandbox on the node (node-job.ts).
      const scorerDir = join(dir, "scorer");
      const scorerOut = join(dir, "scorer-out");
      cpSync(job.scorer.dir, scorerDir, { recursive: true, verbatimSymlinks: true });
      chmodSync(scorerDir, 0o755); // read by the scorer's own uid on the node (a copy keeps a 0700 source's mode)
      mkdirSync(scorerOut);
      const spec: NodeJobSpec = {
        version: 1,
        job: { ...job, workspace: staged, uid: undefined, scorer: { ...job.scorer, dir: scorerDir, outDir: scorerOut } },
      };
      writeFileSync(join(dir, NODE_SPEC_FILE), JSON.stringify(spec), { mode: 0o600 });
      writeFileSync(script, nodeJobScript({ folder: dir, command: [...(this.options.nodeCommand ?? defaultNodeCommand()), join(dir, NODE_SPEC_FILE)] }), {
        mode: 0o755,
      });
    } else {
      writeFileSync(
        script,
        jobScript({
          workspace: staged,
          command: job.command,
          env: job.env,
          wallclockSeconds: job.limits.wallclockSeconds,
          statusFile: join(dir, "status"),
          outputBytes: job.limits.outputBytes,
        }),
        { mode: 0o755 },
      );
    }
    const memoryBytes = this.options.memoryBytes ?? (job.limits.memoryBytes ? job.limits.memoryBytes + (job.scorer ? NODE_OVERHEAD_BYTES : 0) : undefined);
    const memoryMb = memoryBytes ? Math.ceil(memoryBytes / (1024 * 1024)) : undefined;
    writeFileSync(
      join(dir, "origin"),
      `${resolve(job.workspace)}\n${job.logTailChars}\n${job.scorer ? "" : (job.limits.outputBytes ?? "")}\n${job.scorer ? "node" : "script"}\n${job.scorer ? resolve(job.scorer.outDir) : ""}\n${memoryMb ?? ""}\n`,
    );
    const { jobId } = await this.client.submit({
      script,
      jobName: job.name.replace(/[^\w.:+-]/g, "_").slice(0, 100) || "lineage",
      timeLimitSeconds: job.limits.wallclockSeconds + (this.options.graceSeconds ?? 30),
      memoryMb,
      cpusPerTask: this.options.cpus ?? job.limits.cpus,
      partition: this.options.partition,
      account: this.options.account,
      qos: this.options.qos,
      gres: this.options.gres,
      outputFile: join(dir, "output.log"),
      errorFile: join(dir, "output.log"),
      workDir: staged,
    });
    writeFileSync(join(this.sharedDir, JOBS, "by-id", jobId), `${dir}\n`);
    return { jobId };
  }

  /**
   * Polls from many callers (each trial in flight waits for its own job) within a few milliseconds
   * of each other are answered by one squeue call for all their jobs; waitForAll wakes its callers
   * on the same interval boundaries, so K jobs in flight cost one scheduler call per interval.
   */
  async poll(jobIds: readonly string[]): Promise<Map<string, JobStatus>> {
    if (!this.batch) {
      const ids = new Set<string>();
      const result = new Promise((r) => setTimeout(r, BATCH_WINDOW_MS)).then(() => {
        this.batch = undefined;
        return this.pollNow([...ids]);
      });
      this.batch = { ids, result };
    }
    for (const id of jobIds) this.batch.ids.add(id);
    const all = await this.batch.result;
    return new Map(jobIds.map((id) => [id, all.get(id)!]));
  }

  private async pollNow(jobIds: readonly string[]): Promise<Map<string, JobStatus>> {
    const dirs = new Map(jobIds.map((id) => [id, /^\d+$/.test(id) ? this.dirOf(id) : undefined] as const));
    const known = jobIds.filter((id) => dirs.get(id));
    const errorFiles = new Map(known.map((id) => [id, join(dirs.get(id)!, "output.log")]));
    const slurm = known.length ? await this.client.poll(known, { errorFiles }) : new Map<string, SlurmJobStatus>();
    const result = new Map<string, JobStatus>();
    const toCancel: string[] = [];
    for (const id of jobIds) {
      const s = slurm.get(id);
      const dir = dirs.get(id);
      if (!s || !dir) {
        result.set(id, { state: "done", exitCode: null, signal: null, reason: "lost", timings: { submittedAt: Date.now() } });
        continue;
      }
      const timings: JobTimings = { submittedAt: ms(s.submittedAt) ?? Date.now(), startedAt: s.phase === "pending" ? undefined : ms(s.startedAt) };
      const waited = (Date.now() - timings.submittedAt) / 1000;
      const limit = this.options.maxPendingSeconds ?? DEFAULT_MAX_PENDING_SECONDS;
      if (s.phase === "pending" && waited > limit && !this.neverStarted.has(id)) {
        this.neverStarted.set(
          id,
          `the Slurm job waited ${Math.round(waited)} s in the queue, past the pending limit of ${limit} s (Slurm's pending reason: ${s.reason || "none given"}); it was cancelled before it started`,
        );
        toCancel.push(id);
      }
      const never = this.neverStarted.get(id);
      if (never !== undefined) {
        result.set(id, { state: "done", exitCode: null, signal: null, reason: "never_started", detail: never, timings: { ...timings, startedAt: undefined } });
      } else if (s.phase === "pending") result.set(id, { state: "pending", reason: s.reason, timings });
      else if (s.phase === "running") {
        // Output past its cap is a flood: stat the log (no scheduler call) and cancel the job.
        if (this.overCap(dir)) {
          this.flooded.add(id);
          toCancel.push(id);
        }
        result.set(id, { state: "running", node: s.node || undefined, timings });
      } else if (readOrigin(dir)?.node) {
        result.set(id, this.nodeJobStatus(id, dir, s, timings));
      } else {
        const end = existsSync(join(dir, "status")) ? parseStatusLine(readFileSync(join(dir, "status"), "utf8")) : null;
        result.set(id, {
          state: "done",
          exitCode: end ? end.exitCode : s.exit.code,
          signal: end ? end.signal : s.exit.signal === null ? null : `SIG${s.exit.signal}`,
          reason: this.overCap(dir) ? "output_limit" : this.reasonOf(id, s.reason, end?.timedOut ?? false),
          timings: { ...timings, endedAt: ms(s.endedAt) },
          node: s.node || undefined,
        });
      }
    }
    for (const [id, status] of result) {
      if (status.state === "done" && status.reason === "out_of_memory" && !status.detail) {
        const mb = readOrigin(dirs.get(id)!)?.memoryMb;
        const mem = `its --mem${mb ? ` of ${mb} MiB` : ""}`;
        // with cgroups Slurm says OUT_OF_MEMORY itself; without, jobacct_gather's sampling killed it (FAILED, "Exceeded job memory limit")
        const by =
          slurm.get(id)?.slurmState === "OUT_OF_MEMORY" ? "Slurm ended the job OUT_OF_MEMORY" : "slurmstepd killed the job (Exceeded job memory limit)";
        result.set(id, { ...status, detail: `${by}: over ${mem}` });
      }
    }
    if (toCancel.length) await this.client.cancel(toCancel);
    for (const [id, status] of result) if (status.state === "done" && status.reason !== "lost") this.finished.set(id, status);
    return result;
  }

  /**
   * A job with a trusted scorer: Slurm's word wins where the scheduler ended it (time limit, memory,
   * node, preemption, cancellation); otherwise the node's result says how the command ended. Its run
   * time is the evaluation's on the node (the node's evaluator starting up is not the recipe's).
   */
  private nodeJobStatus(id: string, dir: string, s: Extract<SlurmJobStatus, { phase: "ended" }>, timings: JobTimings): JobStatus {
    const base = { node: s.node || undefined };
    const slurmEnded: JobStatus = {
      state: "done",
      exitCode: s.exit.code,
      signal: s.exit.signal === null ? null : `SIG${s.exit.signal}`,
      reason: "harness_failure",
      timings: { ...timings, endedAt: ms(s.endedAt) },
      ...base,
    };
    if (s.reason !== "completed" && s.reason !== "crash") return { ...slurmEnded, reason: s.reason };
    const node = readNodeResult(dir);
    if (!node) return slurmEnded;
    const ran =
      node.status.timings.endedAt !== undefined && node.status.timings.startedAt !== undefined
        ? node.status.timings.endedAt - node.status.timings.startedAt
        : 0;
    const startedAt = timings.startedAt ?? timings.submittedAt;
    return { ...node.status, timings: { submittedAt: timings.submittedAt, startedAt, endedAt: startedAt + ran }, ...base };
  }

  /** The job's log is longer than its output cap (the job script lets one byte past it through). */
  private overCap(dir: string): boolean {
    const cap = readOrigin(dir)?.outputBytes;
    const log = join(dir, "output.log");
    return cap !== undefined && existsSync(log) && statSync(log).size > cap;
  }

  private reasonOf(jobId: string, slurm: SlurmReason, timedOut: boolean): TerminalReason {
    if (this.flooded.has(jobId)) return "output_limit";
    if (timedOut) return "timeout";
    // The job script exits 0 whatever the command did: a crash is the command's exit code, not Slurm's.
    if (slurm === "completed" || slurm === "crash") return "completed";
    return slurm; // timeout, out_of_memory, node_failure, preempted, cancelled, lost: the same words
  }

  async cancel(jobId: string): Promise<void> {
    if (/^\d+$/.test(jobId)) await this.client.cancel([jobId]);
  }

  async recover(jobId: string, workspace?: string): Promise<JobStatus> {
    const dir = /^\d+$/.test(jobId) ? this.dirOf(jobId) : undefined;
    const origin = dir ? readOrigin(dir)?.workspace : undefined;
    // A job id Slurm reused for someone else's job is not ours to adopt.
    if (!dir || (workspace !== undefined && origin !== resolve(workspace))) {
      return { state: "done", exitCode: null, signal: null, reason: "lost", timings: { submittedAt: Date.now() } };
    }
    return (await this.poll([jobId])).get(jobId)!;
  }

  async collect(jobId: string, into?: CollectInto): Promise<JobOutput> {
    const dir = this.dirOf(jobId);
    if (!dir) throw new Error(`no job ${jobId} on the slurm executor (collected already, or never submitted here)`);
    const status = this.finished.get(jobId) ?? (await this.poll([jobId])).get(jobId)!;
    if (status.state !== "done") throw new Error(`job ${jobId} is still ${status.state}`);
    const origin = readOrigin(dir);
    if (!origin) throw new Error(`job ${jobId}'s folder ${dir} has no origin file`);
    const log = await tailOf(join(dir, "output.log"), origin.tailChars);
    // The harness measures the artifact and reads the result in the workspace it staged: bring the
    // job's workspace (and the scorer's result folder) back in place of them.
    const bringBack = (from: string, to: string) => {
      if (!existsSync(from) || !existsSync(to)) return;
      for (const entry of readdirSync(to)) rmSync(join(to, entry), { recursive: true, force: true });
      cpSync(from, to, { recursive: true, verbatimSymlinks: true });
    };
    bringBack(join(dir, "workspace"), into?.workspace ?? origin.workspace);
    const scorerOut = into ? into.scorerOut : origin.scorerOut;
    if (origin.scorerOut && scorerOut) bringBack(join(dir, "scorer-out"), scorerOut);
    const node = origin.node ? readNodeResult(dir) : undefined;
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(this.sharedDir, JOBS, "by-id", jobId), { force: true });
    this.flooded.delete(jobId);
    this.neverStarted.delete(jobId);
    this.finished.delete(jobId);
    if (node) return { ...node.output, isolation: `slurm+${node.output.isolation}` };
    return {
      command: { exitCode: status.exitCode, signal: status.signal, reason: status.reason, log: log.text, outputBytes: log.bytes },
      stoppedByScorer: false,
      isolation: "slurm",
    };
  }
}
