// A client of a real Slurm: submit a batch script, read many jobs with one scheduler call, cancel.
// It speaks only through Slurm's commands (sbatch, squeue, scancel; scontrol and sacct for jobs the
// controller has forgotten), so it works the same on a laptop cluster and on a site's head node.
import { open, readFile } from "node:fs/promises";
import { CommandRunner, SlurmCommandError, type CallCounts } from "./commands";
import { lostJob, type SlurmJobStatus } from "./job-status";
import { FIELD_SEPARATOR, parseCompletionLog, parseSacct, parseSqueue, SACCT_FIELDS, SQUEUE_FORMAT } from "./records";

export interface SlurmClientOptions {
  /** Environment for Slurm's commands (PATH at least); SLURM_CONF here or in `slurmConf`. */
  env: NodeJS.ProcessEnv;
  /** slurm.conf of the cluster to talk to; default: whatever `env` names (or Slurm's own default). */
  slurmConf?: string;
  /** How long one command may take before it is killed and reported. */
  commandTimeoutMs?: number;
  /**
   * The completion log (jobcomp/filetxt) to read finished jobs from once the controller has
   * forgotten them. Default: the one `scontrol show config` names, if this machine can read it.
   */
  completionLog?: string;
}

export interface SubmitRequest {
  /** Path of the batch script (it must be readable where sbatch runs). */
  script: string;
  jobName: string;
  /** Wall-clock limit. Slurm counts whole minutes: it is rounded up to the next minute. */
  timeLimitSeconds: number;
  memoryMb?: number;
  cpusPerTask?: number;
  partition?: string;
  account?: string;
  qos?: string;
  gres?: string;
  outputFile: string;
  errorFile: string;
  workDir: string;
  /** Do not start before this many seconds from now (--begin=now+N). */
  beginAfterSeconds?: number;
  /** Submit held: the job stays pending (JobHeldUser) until released. */
  hold?: boolean;
}

export interface SubmittedJob {
  jobId: string;
  /** The limit Slurm enforces, after rounding up to whole minutes. */
  timeLimitSeconds: number;
}

const PLAIN = /^[^\0\n\r]+$/;
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:+-]*$/;
const GRES = /^[A-Za-z0-9_:,.-]+$/;
const JOB_ID = /^\d+$/;

function positiveInteger(value: number | undefined, field: string): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value <= 0)) throw new Error(`${field} must be a positive integer, got ${value}`);
}

/** sbatch's arguments for a request; refuses what Slurm would misread, before anything runs. */
export function sbatchArguments(req: SubmitRequest): { args: string[]; timeLimitSeconds: number } {
  for (const field of ["script", "jobName", "outputFile", "errorFile", "workDir"] as const) {
    if (!PLAIN.test(req[field])) throw new Error(`${field} must be a non-empty single line without NUL`);
  }
  if (!(req.timeLimitSeconds > 0) || !Number.isFinite(req.timeLimitSeconds)) throw new Error(`timeLimitSeconds must be positive, got ${req.timeLimitSeconds}`);
  positiveInteger(req.memoryMb, "memoryMb");
  positiveInteger(req.cpusPerTask, "cpusPerTask");
  positiveInteger(req.beginAfterSeconds, "beginAfterSeconds");
  for (const field of ["partition", "account", "qos"] as const) {
    const value = req[field];
    if (value !== undefined && !NAME.test(value)) throw new Error(`${field} '${value}' is not a Slurm name (letters, digits, _ . : + -)`);
  }
  if (req.gres !== undefined && !GRES.test(req.gres)) throw new Error(`gres '${req.gres}' is not a Slurm GRES list (e.g. gpu:1)`);

  const minutes = Math.max(1, Math.ceil(req.timeLimitSeconds / 60));
  const args = [
    "--parsable",
    `--job-name=${req.jobName}`,
    `--time=${minutes}`,
    `--output=${req.outputFile}`,
    `--error=${req.errorFile}`,
    `--chdir=${req.workDir}`,
    // The job gets no copy of the submitter's environment (tokens, keys): its script sets what it needs.
    "--export=NONE",
    "--nodes=1",
    "--ntasks=1",
  ];
  if (req.memoryMb !== undefined) args.push(`--mem=${req.memoryMb}M`);
  if (req.cpusPerTask !== undefined) args.push(`--cpus-per-task=${req.cpusPerTask}`);
  if (req.partition !== undefined) args.push(`--partition=${req.partition}`);
  if (req.account !== undefined) args.push(`--account=${req.account}`);
  if (req.qos !== undefined) args.push(`--qos=${req.qos}`);
  if (req.gres !== undefined) args.push(`--gres=${req.gres}`);
  if (req.beginAfterSeconds !== undefined) args.push(`--begin=now+${req.beginAfterSeconds}`);
  if (req.hold) args.push("--hold");
  args.push(req.script);
  return { args, timeLimitSeconds: minutes * 60 };
}

export interface PollOptions {
  /**
   * Each job's error file. Without cgroups Slurm kills a job over its --mem by SIGKILL and ends it
   * FAILED; slurmstepd's "Exceeded job memory limit" in the error file tells it apart from a crash.
   */
  errorFiles?: ReadonlyMap<string, string>;
}

/** slurmstepd's words when jobacct_gather's OverMemoryKill ends a job ("slurmstepd-NODE: error: …"). */
export const MEMORY_KILL_NOTE = /^slurmstepd(-\S+)?: error: Exceeded job memory limit$/m;

async function markMemoryKills(result: Map<string, SlurmJobStatus>, errorFiles: ReadonlyMap<string, string>): Promise<void> {
  for (const [id, status] of result) {
    const file = errorFiles.get(id);
    if (!file || status.phase !== "ended" || status.reason !== "crash" || status.exit.signal !== 9) continue;
    if (MEMORY_KILL_NOTE.test(await tail(file, 64 * 1024))) result.set(id, { ...status, reason: "out_of_memory" });
  }
}

/** The last `bytes` of a file ("" when it cannot be read): a flooded error file is not read whole. */
async function tail(path: string, bytes: number): Promise<string> {
  const handle = await open(path, "r").catch(() => null);
  if (!handle) return "";
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, bytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer.toString("utf8");
  } finally {
    await handle.close();
  }
}

interface History {
  completionLog: string | null;
  accounting: boolean;
}

export class SlurmClient {
  private readonly runner: CommandRunner;
  private history: Promise<History> | undefined;

  constructor(private readonly options: SlurmClientOptions) {
    const env: NodeJS.ProcessEnv = { ...options.env, SLURM_TIME_FORMAT: "%s" };
    if (options.slurmConf) env.SLURM_CONF = options.slurmConf;
    this.runner = new CommandRunner({ env, timeoutMs: options.commandTimeoutMs ?? 30_000 });
  }

  /** Scheduler calls made by this client so far, by command. */
  get calls(): Readonly<CallCounts> {
    return this.runner.calls;
  }

  async submit(req: SubmitRequest): Promise<SubmittedJob> {
    const { args, timeLimitSeconds } = sbatchArguments(req);
    const { stdout } = await this.runner.run("sbatch", args);
    // --parsable prints "id" or "id;cluster".
    const jobId = stdout.trim().split(";")[0];
    if (!JOB_ID.test(jobId)) throw new SlurmCommandError("sbatch", stdout, 0, "printed no job id");
    return { jobId, timeLimitSeconds };
  }

  /**
   * The status of every job asked for, with one squeue call for all of them. Jobs the controller
   * has already forgotten are read from Slurm's completion record (one read or one sacct call for
   * all of them); a job no record knows is `lost`.
   */
  async poll(jobIds: readonly string[], options: PollOptions = {}): Promise<Map<string, SlurmJobStatus>> {
    const ids = [...new Set(jobIds)];
    for (const id of ids) if (!JOB_ID.test(id)) throw new Error(`not a Slurm job id: '${id}'`);
    const result = new Map<string, SlurmJobStatus>();
    if (ids.length === 0) return result;

    for (const status of await this.squeue(ids)) if (ids.includes(status.jobId)) result.set(status.jobId, status);
    const missing = ids.filter((id) => !result.has(id));
    if (missing.length > 0) {
      const found = await this.fromHistory(missing);
      for (const id of missing) result.set(id, found.get(id) ?? lostJob(id));
    }
    if (options.errorFiles) await markMemoryKills(result, options.errorFiles);
    return result;
  }

  /** Cancels the jobs (one scancel call); jobs that already ended or are unknown are no error. */
  async cancel(jobIds: readonly string[]): Promise<void> {
    const ids = [...new Set(jobIds)];
    for (const id of ids) if (!JOB_ID.test(id)) throw new Error(`not a Slurm job id: '${id}'`);
    if (ids.length === 0) return;
    try {
      await this.runner.run("scancel", ids);
    } catch (error) {
      // scancel exits 1 when some id is unknown or already done, and says so per job.
      const harmless = /Invalid job id|already completing or completed|Job has already finished/i;
      if (error instanceof SlurmCommandError && error.stderr.split("\n").every((l) => !l.trim() || harmless.test(l))) return;
      throw error;
    }
  }

  private async squeue(ids: string[]): Promise<SlurmJobStatus[]> {
    try {
      const { stdout } = await this.runner.run("squeue", ["--noheader", "--states=all", `--jobs=${ids.join(",")}`, `--Format=${SQUEUE_FORMAT}`]);
      return parseSqueue(stdout);
    } catch (error) {
      // When no listed id is known, squeue refuses the whole list: all of them are missing.
      if (error instanceof SlurmCommandError && /Invalid job id specified/.test(error.stderr)) return [];
      throw error;
    }
  }

  private async fromHistory(ids: string[]): Promise<Map<string, SlurmJobStatus>> {
    const history = await (this.history ??= this.discoverHistory());
    if (history.completionLog) {
      const text = await readFile(history.completionLog, "utf8").catch(() => null);
      if (text !== null) return parseCompletionLog(text, new Set(ids));
    }
    if (!history.accounting) return new Map();
    const { stdout } = await this.runner.run("sacct", [
      "--noheader",
      "--parsable2",
      `--delimiter=${FIELD_SEPARATOR}`,
      "--allocations",
      `--jobs=${ids.join(",")}`,
      `--format=${SACCT_FIELDS}`,
    ]);
    return new Map(parseSacct(stdout).map((s) => [s.jobId, s]));
  }

  /** Where Slurm keeps finished jobs, asked once per client. */
  private async discoverHistory(): Promise<History> {
    if (this.options.completionLog) return { completionLog: this.options.completionLog, accounting: false };
    const { stdout } = await this.runner.run("scontrol", ["show", "config"]);
    const value = (key: string) => new RegExp(`^${key}\\s*=\\s*(.*)$`, "m").exec(stdout)?.[1]?.trim() ?? "";
    const filetxt = value("JobCompType") === "jobcomp/filetxt" ? value("JobCompLoc") : "";
    const accounting = !["", "accounting_storage/none", "(null)"].includes(value("AccountingStorageType"));
    return { completionLog: filetxt || null, accounting };
  }
}
