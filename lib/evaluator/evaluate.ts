// One evaluation: the task's evaluator run in the sandbox, then the harness's own checks, in the
// order a failure label is decided: budgets, exit, result file, score range, gates, artifact size.
import { closeSync, fstatSync, lstatSync, mkdirSync, mkdtempSync, openSync, readSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { probeIsolation } from "./isolation";
import { z } from "zod";
import type { FailureLabelName } from "../domain/failures";
import type { Gate } from "../domain/trace";
import { writeRecipe, type Files } from "./files";
import { measureArtifact, type ArtifactSize } from "./artifact";
import { chownTree } from "./chown-tree";
import { removeTree } from "./remove-tree";
import { heldOutSecret } from "./heldout-secret";
import { queueSeconds, runSeconds, waitForAll, type Executor, type ExecutorJob, type JobOutput, type JobStatus } from "./executor";
import { localExecutor } from "./local-executor";
import { acquireSandboxUid } from "./uid-pool";
import { DEFAULT_SCRATCH_BYTES, describeFull, mountScratch, scratchIsFull, unmountScratch, type ScratchFs } from "./scratch-fs";
import type { TaskManifest } from "./task";

export type Outcome = {
  score?: number;
  metrics?: Record<string, number>;
  failure?: FailureLabelName;
  failureDetail?: string;
  wallclockSeconds: number;
  artifactBytes?: number;
  log: string;
  /** seconds the job waited for the executor before it started (a cluster's queue); never counted in wallclockSeconds */
  queueSeconds?: number;
  /** how the job was isolated, in the executor's words (namespaces, process-group, slurm) */
  isolation: string;
  /** how the workspace's disk use was capped (or why it was not) */
  scratch?: string;
  /** the executor's job: its name, id, the node it ran on, its queue wait and run time (seconds) apart */
  job?: { executor: string; id: string; node?: string; queueSeconds?: number; runSeconds?: number };
};

const MAX_RESULT_BYTES = 1024 * 1024;
const MEMORY_SIGNS = /JavaScript heap out of memory|std::bad_alloc|Allocation failed|Fatal process OOM|Cannot allocate memory|MemoryError|Out of memory/i;

const finite = z.number().refine(Number.isFinite, "must be a finite number");
const ResultFile = z.record(z.string().min(1).max(200), finite);

function readResult(path: string): { ok: true; values: Record<string, number> } | { ok: false; label: FailureLabelName; detail: string } {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return { ok: false, label: "crash", detail: "the evaluator exited 0 without writing its result file" };
  }
  if (!st.isFile()) return { ok: false, label: "invalid_result", detail: "the result file is not a plain file (a symlink or folder)" };
  if (st.size > MAX_RESULT_BYTES) return { ok: false, label: "invalid_result", detail: `the result file is ${st.size} bytes, over ${MAX_RESULT_BYTES}` };
  const fd = openSync(path, "r");
  let text: string;
  try {
    const buf = Buffer.alloc(fstatSync(fd).size);
    readSync(fd, buf, 0, buf.length, 0);
    text = buf.toString("utf8");
  } finally {
    closeSync(fd);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, label: "invalid_result", detail: `the result file is not one JSON object: ${JSON.stringify(text.slice(0, 80))}` };
  }
  const parsed = ResultFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      label: "invalid_result",
      detail: `the result file ${issue.path.length ? `field ${issue.path.join(".")}` : ""}: ${issue.message}`.replace("file :", "file:"),
    };
  }
  return { ok: true, values: parsed.data };
}

function gateMiss(gates: readonly Gate[], values: Record<string, number>): string | undefined | { missing: string } {
  for (const g of gates) {
    const v = values[g.metric];
    if (v === undefined) return { missing: g.metric };
    const pass = g.op === ">=" ? v >= g.value : g.op === ">" ? v > g.value : g.op === "<=" ? v <= g.value : v < g.value;
    if (!pass) return `gate ${g.metric} ${g.op} ${g.value} missed: ${g.metric} = ${v}`;
  }
  return undefined;
}

type EvaluateOptions = {
  logTailChars: number;
  signal?: AbortSignal;
  /** called with the executor's job id as soon as the job is submitted (stored for crash recovery) */
  onSubmitted?: (jobId: string, executor: string) => void;
  scratch?: ScratchFs;
  /** the task's folder: a trusted scorer's code lives there, never in the workspace */
  taskDir?: string;
  /** the uid the workspace belongs to (a fresh one when absent) */
  uid?: number;
  /** where the job runs; the local sandbox when absent */
  executor?: Executor;
};

type Runs = { status: Extract<JobStatus, { state: "done" }>; output: JobOutput; scorerOut?: string; executor: string; jobId: string };

const SCORER_MEMORY_BYTES = 2 * 1024 ** 3;

/** The job the task's evaluator is: its command in the workspace, or beside the task's trusted scorer. */
function jobOf(
  dir: string,
  manifest: TaskManifest,
  o: EvaluateOptions,
  uid: number | undefined,
  wallclock: number,
  scorerOut: string | undefined,
): ExecutorJob {
  const budgets = manifest.budgets ?? {};
  const scorer = manifest.evaluator.scorer;
  if (scorer && !o.taskDir) throw new Error("a task with a scorer needs its task folder to evaluate");
  return {
    name: basename(dirname(dir)),
    workspace: dir,
    command: manifest.evaluator.command,
    env: { LINEAGE_WALLCLOCK_SECONDS: String(wallclock) },
    limits: { wallclockSeconds: wallclock, memoryBytes: budgets.memoryBytes },
    logTailChars: o.logTailChars,
    uid,
    scorer:
      scorer && scorerOut
        ? {
            command: scorer.command,
            dir: resolve(o.taskDir!, scorer.dir),
            outDir: scorerOut,
            env: {
              LINEAGE_RESULT_FILE: "{out}/result.json",
              LINEAGE_EVALUATOR_DIR: "{evaluator}",
              LINEAGE_HELDOUT_SECRET: heldOutSecret(),
              LINEAGE_WALLCLOCK_SECONDS: String(wallclock),
            },
            memoryBytes: SCORER_MEMORY_BYTES,
          }
        : undefined,
  };
}

/** Submits the evaluation to the executor, waits for it (cancelling it if `signal` aborts) and collects its output. */
async function runEvaluation(dir: string, manifest: TaskManifest, o: EvaluateOptions, uid: number | undefined, wallclock: number): Promise<Runs> {
  const executor = o.executor ?? localExecutor;
  const scorerOut = manifest.evaluator.scorer ? mkdtempSync(join(dirname(dir), "scorer-")) : undefined;
  try {
    const { jobId } = await executor.submit(jobOf(dir, manifest, o, uid, wallclock, scorerOut));
    o.onSubmitted?.(jobId, executor.name);
    const status = (await waitForAll(executor, [jobId], o.signal)).get(jobId) as Runs["status"];
    if (status.reason === "lost") throw new Error(`the ${executor.name} executor lost evaluation job ${jobId}`);
    return { status, output: await executor.collect(jobId), scorerOut, executor: executor.name, jobId };
  } catch (e) {
    if (scorerOut) removeTree(scorerOut);
    throw e;
  }
}

/** What adopting a dead runner's job came to: the job judged as if this process had submitted it, or lost. */
export type Adopted = { kind: "judged"; outcome: Outcome } | { kind: "lost"; detail: string };

/**
 * Adopts a job a dead runner submitted (by its stored id; `submittedFrom` is the workspace it was
 * submitted from, the guard against a reused id): waits for it if it is pending or running, reads
 * it if it is done, brings its files back into `dir` (a fresh workspace of this runner's) and judges
 * it as evaluateWorkspace would have. A job the executor no longer knows is lost.
 */
export async function adoptEvaluation(
  executor: Executor,
  jobId: string,
  submittedFrom: string | undefined,
  dir: string,
  manifest: TaskManifest,
  o: Pick<EvaluateOptions, "logTailChars" | "signal" | "taskDir">,
): Promise<Adopted> {
  const first = await executor.recover(jobId, submittedFrom);
  const lost = (): Adopted => ({
    kind: "lost",
    detail: `lost: the ${executor.name} executor no longer knows job ${jobId} (its runner died; the job vanished)`,
  });
  if (first.state === "done" && first.reason === "lost") return lost();
  const status = (first.state === "done" ? first : (await waitForAll(executor, [jobId], o.signal)).get(jobId)) as Runs["status"];
  if (status.reason === "lost") return lost();
  mkdirSync(dir, { recursive: true });
  const scorerOut = manifest.evaluator.scorer ? mkdtempSync(join(dirname(dir), "scorer-")) : undefined;
  try {
    const output = await executor.collect(jobId, { workspace: dir, scorerOut });
    const wallclock = manifest.budgets?.wallclockSeconds ?? 60;
    return { kind: "judged", outcome: judge(dir, manifest, o, { status, output, scorerOut, executor: executor.name, jobId }, wallclock) };
  } finally {
    if (scorerOut) removeTree(scorerOut);
  }
}

export async function evaluateWorkspace(dir: string, manifest: TaskManifest, o: EvaluateOptions): Promise<Outcome> {
  const budgets = manifest.budgets ?? {};
  const wallclock = budgets.wallclockSeconds ?? 60;
  const namespaces = probeIsolation().isolation === "namespaces";
  const lease = namespaces && o.uid === undefined ? acquireSandboxUid() : undefined;
  const uid = o.uid ?? lease?.uid;
  let runs: Runs;
  try {
    if (uid !== undefined) chownTree(dir, uid);
    runs = await runEvaluation(dir, manifest, o, uid, wallclock);
  } finally {
    lease?.release();
  }
  try {
    return judge(dir, manifest, o, runs, wallclock);
  } finally {
    if (runs.scorerOut) removeTree(runs.scorerOut);
  }
}

function judge(dir: string, manifest: TaskManifest, o: EvaluateOptions, runs: Runs, wallclock: number): Outcome {
  const budgets = manifest.budgets ?? {};
  const { command: r, scorer } = runs.output;
  const { status } = runs;
  const log = scorer ? `${r.log}${r.log && !r.log.endsWith("\n") ? "\n" : ""}[lineage: scorer]\n${scorer.log}` : r.log;
  const base = {
    wallclockSeconds: runSeconds(status.timings) ?? 0,
    queueSeconds: queueSeconds(status.timings),
    log,
    isolation: runs.output.isolation,
    scratch: o.scratch?.note,
    job: { executor: runs.executor, id: runs.jobId, node: status.node, queueSeconds: queueSeconds(status.timings), runSeconds: runSeconds(status.timings) },
  };
  // Rule: a run that failed (non-zero exit or no result) with its capped scratch space full is a
  // budget_overrun (disk), like the memory budget; a run that coped with ENOSPC and scored is kept.
  const diskFull = o.scratch?.mounted === true && scratchIsFull(dir);
  const fail = (failure: FailureLabelName, failureDetail: string, extra: Partial<Outcome> = {}): Outcome => ({ ...base, ...extra, failure, failureDetail });
  if (o.signal?.aborted) {
    const why = typeof o.signal.reason === "string" ? o.signal.reason : "interrupted: the runner stopped during the evaluation";
    return fail("infra_error", why);
  }
  if (status.reason === "cancelled") return fail("infra_error", "interrupted: the evaluation job was cancelled");
  if (status.reason === "node_failure" || status.reason === "preempted")
    return fail("infra_error", `the evaluation job ended by ${status.reason.replace("_", " ")}${status.node ? ` on ${status.node}` : ""}`);
  if (status.reason === "never_started") return fail("infra_error", status.detail ?? `the ${runs.executor} job never started`);
  if (status.reason === "harness_failure") return fail("infra_error", `the ${runs.executor} executor's evaluator failed around the job${lastLine(r.log)}`);
  if (status.reason === "timeout") return fail("budget_overrun", `wall-clock budget of ${wallclock} s exceeded; the evaluator's processes were killed`);
  if (status.reason === "output_limit")
    return fail("budget_overrun", `output budget exceeded (${r.outputBytes} bytes printed); the evaluator's processes were killed`);
  if (status.reason === "out_of_memory")
    return fail("budget_overrun", `memory budget exceeded: ${status.detail ?? `over the memory budget of ${budgets.memoryBytes ?? "the executor's"} bytes`}`);
  if (r.exitCode !== 0 && !runs.output.stoppedByScorer) {
    if (diskFull) return fail("budget_overrun", describeFull(o.scratch!));
    if (budgets.memoryBytes && MEMORY_SIGNS.test(r.log)) return fail("budget_overrun", `memory budget of ${budgets.memoryBytes} bytes exceeded`);
    const how = r.signal ? `was killed by ${r.signal}` : `exited with code ${r.exitCode}`;
    return fail("crash", `the ${scorer ? "recipe's process" : "evaluator"} ${how}${lastLine(r.log)}`);
  }
  if (scorer && scorer.exitCode !== 0) {
    // exit 2 is the scorer's word that the recipe's answers were unusable; anything else is the scorer failing
    if (scorer.exitCode === 2) return fail("invalid_result", `the scorer refused the recipe's output${lastLine(scorer.log)}`);
    return fail("infra_error", `the task's scorer failed (${scorer.signal ?? `exit ${scorer.exitCode}`})${lastLine(scorer.log)}`);
  }
  let result: ReturnType<typeof readResult>;
  let artifact: ArtifactSize | undefined;
  try {
    result = readResult(runs.scorerOut ? join(runs.scorerOut, "result.json") : join(dir, manifest.evaluator.resultFile));
    // Whatever the recipe left in its workspace is the recipe's doing: a tree that cannot be measured is its failure.
    artifact = manifest.artifact.length > 0 ? measureArtifact(dir, manifest.artifact) : undefined;
  } catch (e) {
    return fail("invalid_result", `the workspace could not be read after the run: ${(e as Error).message.slice(0, 300)}`);
  }
  if (!result.ok) return diskFull && result.label === "crash" ? fail("budget_overrun", describeFull(o.scratch!)) : fail(result.label, result.detail);
  const { [manifest.metric.name]: score, ...rest } = result.values;
  if (score === undefined) return fail("invalid_result", `the result file has no ${manifest.metric.name}`, { metrics: result.values });
  const range = manifest.evaluator.scoreRange;
  if (range && (score < range[0] || score > range[1])) {
    return fail("invalid_result", `${manifest.metric.name} = ${score} is outside [${range[0]}, ${range[1]}]`, { metrics: result.values });
  }
  const metrics = { [manifest.metric.name]: score, ...rest };
  const miss = gateMiss(manifest.gates ?? [], metrics);
  if (typeof miss === "object") return fail("invalid_result", `the result file has no ${miss.missing}, which a gate needs`, { metrics });
  if (miss) return fail("gate_miss", miss, { metrics });
  if (artifact && !artifact.ok) return fail("size_failure", artifact.detail, { metrics });
  const artifactBytes = artifact?.bytes;
  if (artifactBytes !== undefined && budgets.artifactBytes !== undefined && artifactBytes > budgets.artifactBytes) {
    return fail("size_failure", `artifact is ${artifactBytes} bytes, ${artifactBytes - budgets.artifactBytes} over the budget of ${budgets.artifactBytes}`, {
      metrics,
      artifactBytes,
    });
  }
  return { ...base, score, metrics, artifactBytes };
}

function lastLine(log: string): string {
  const last = log
    .trim()
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("[lineage:"))
    .pop()
    ?.slice(0, 300);
  return last ? `: ${last}` : "";
}

/**
 * Materialises `files` in `dir` on a size-capped scratch filesystem, evaluates them, and tears the
 * filesystem down only after the result and artifact were read (evaluateWorkspace reads both).
 */
export async function evaluateFiles(dir: string, files: Files, manifest: TaskManifest, o: Omit<EvaluateOptions, "scratch" | "uid">): Promise<Outcome> {
  mkdirSync(dir, { recursive: true });
  const lease = probeIsolation().isolation === "namespaces" ? acquireSandboxUid() : undefined;
  const scratch = mountScratch(dir, manifest.evaluator.scratchBytes ?? DEFAULT_SCRATCH_BYTES, lease?.uid ?? 0);
  try {
    writeRecipe(dir, files);
    return await evaluateWorkspace(dir, manifest, { ...o, scratch, uid: lease?.uid });
  } finally {
    if (scratch.mounted) unmountScratch(dir);
    lease?.release();
  }
}
