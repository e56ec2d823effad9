// The `slurm` executor: each job is one batch job on a Slurm cluster. The workspace is staged on a
// shared folder the compute nodes see (LINEAGE_SHARED_DIR), the job's limits become sbatch's
// (--time = wall-clock budget + grace, --mem = memory budget), and many jobs are read with one
// squeue call. The job id is Slurm's, so a later runner adopts a job by it.
import { accessSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Executor, ExecutorJob, JobOutput, JobStatus, JobTimings, TerminalReason } from "../executor";
import { SlurmClient, type SlurmClientOptions } from "./client";
import type { SlurmJobStatus } from "./job-status";
import { jobScript, parseStatusLine } from "./job-script";
import type { TerminalReason as SlurmReason } from "./states";

export interface SlurmExecutorOptions extends SlurmClientOptions {
  /** A folder every compute node sees at the same path (LINEAGE_SHARED_DIR). */
  sharedDir: string | undefined;
  partition?: string;
  account?: string;
  qos?: string;
  gres?: string;
  /** Seconds Slurm's --time gives beyond the wall-clock budget (the budget itself is enforced on the node). */
  graceSeconds?: number;
  pollIntervalMs?: number;
}

/** Refuses a shared folder that is unset, missing or not writable, before any job is submitted. */
export function checkSharedDir(dir: string | undefined): string {
  if (!dir) throw new Error("the slurm executor needs LINEAGE_SHARED_DIR: a folder the compute nodes see at the same path");
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new Error(`LINEAGE_SHARED_DIR ${abs} is not a folder`);
  try {
    accessSync(abs, constants.W_OK);
  } catch {
    throw new Error(`LINEAGE_SHARED_DIR ${abs} is not writable`);
  }
  return abs;
}

const JOBS = "lineage-jobs";
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
  readonly pollIntervalMs: number;
  readonly client: SlurmClient;
  private readonly sharedDir: string;
  /** Jobs this process cancelled for flooding their output. */
  private readonly flooded = new Set<string>();

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
    if (job.scorer) {
      throw new Error(
        "the slurm executor cannot run a task's trusted scorer yet (it needs Lineage's sandbox on the compute node); run this task with the local executor",
      );
    }
    const dir = mkdtempSync(join(this.sharedDir, JOBS, `${job.name.replace(/[^\w.-]/g, "_").slice(0, 60)}-`));
    const staged = join(dir, "workspace");
    cpSync(job.workspace, staged, { recursive: true, verbatimSymlinks: true });
    const script = join(dir, "job.sh");
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
    writeFileSync(join(dir, "origin"), `${resolve(job.workspace)}\n${job.logTailChars}\n${job.limits.outputBytes ?? ""}\n`);
    const { jobId } = await this.client.submit({
      script,
      jobName: job.name.replace(/[^\w.:+-]/g, "_").slice(0, 100) || "lineage",
      timeLimitSeconds: job.limits.wallclockSeconds + (this.options.graceSeconds ?? 30),
      memoryMb: job.limits.memoryBytes ? Math.ceil(job.limits.memoryBytes / (1024 * 1024)) : undefined,
      cpusPerTask: job.limits.cpus,
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

  async poll(jobIds: readonly string[]): Promise<Map<string, JobStatus>> {
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
      if (s.phase === "pending") result.set(id, { state: "pending", reason: s.reason, timings });
      else if (s.phase === "running") {
        // Output past its cap is a flood: stat the log (no scheduler call) and cancel the job.
        if (this.overCap(dir)) {
          this.flooded.add(id);
          toCancel.push(id);
        }
        result.set(id, { state: "running", node: s.node || undefined, timings });
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
    if (toCancel.length) await this.client.cancel(toCancel);
    return result;
  }

  /** The job's log is longer than its output cap (the job script lets one byte past it through). */
  private overCap(dir: string): boolean {
    const cap = Number(readFileSync(join(dir, "origin"), "utf8").split("\n")[2]) || undefined;
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
    const origin = dir && existsSync(join(dir, "origin")) ? readFileSync(join(dir, "origin"), "utf8").split("\n")[0] : undefined;
    // A job id Slurm reused for someone else's job is not ours to adopt.
    if (!dir || (workspace !== undefined && origin !== resolve(workspace))) {
      return { state: "done", exitCode: null, signal: null, reason: "lost", timings: { submittedAt: Date.now() } };
    }
    return (await this.poll([jobId])).get(jobId)!;
  }

  async collect(jobId: string): Promise<JobOutput> {
    const dir = this.dirOf(jobId);
    if (!dir) throw new Error(`no job ${jobId} on the slurm executor (collected already, or never submitted here)`);
    const status = (await this.poll([jobId])).get(jobId)!;
    if (status.state !== "done") throw new Error(`job ${jobId} is still ${status.state}`);
    const [origin, tailChars] = readFileSync(join(dir, "origin"), "utf8").split("\n");
    const log = await tailOf(join(dir, "output.log"), Number(tailChars) || 64 * 1024);
    // The harness measures the artifact and reads the result in the workspace it staged: bring the
    // job's workspace back in place of it.
    const staged = join(dir, "workspace");
    if (existsSync(staged)) {
      for (const entry of readdirSync(origin)) rmSync(join(origin, entry), { recursive: true, force: true });
      cpSync(staged, origin, { recursive: true, verbatimSymlinks: true });
    }
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(this.sharedDir, JOBS, "by-id", jobId), { force: true });
    this.flooded.delete(jobId);
    return {
      command: { exitCode: status.exitCode, signal: status.signal, reason: status.reason, log: log.text, outputBytes: log.bytes },
      stoppedByScorer: false,
      isolation: "slurm",
    };
  }
}
