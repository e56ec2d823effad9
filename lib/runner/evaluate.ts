// One evaluation: the task's evaluator run in the sandbox, then the harness's own checks, in the
// order a failure label is decided: budgets, exit, result file, score range, gates, artifact size.
import { chownSync, closeSync, fstatSync, lstatSync, mkdirSync, openSync, readSync, readdirSync } from "node:fs";
import { SANDBOX_UID, probeIsolation } from "./isolation";
import { join } from "node:path";
import { z } from "zod";
import type { FailureLabelName } from "../domain/failures";
import type { Gate } from "../domain/trace";
import { writeRecipe, type Files } from "./files";
import { matchesAny } from "./glob";
import { runSandboxed, type SandboxResult } from "./sandbox";
import { DEFAULT_SCRATCH_BYTES, describeFull, mountScratch, scratchIsFull, unmountScratch, type ScratchFs } from "./scratch-fs";
import type { TaskManifest } from "./task-manifest";

export type Outcome = {
  score?: number;
  metrics?: Record<string, number>;
  failure?: FailureLabelName;
  failureDetail?: string;
  wallclockSeconds: number;
  artifactBytes?: number;
  log: string;
  isolation: SandboxResult["isolation"];
  /** how the workspace's disk use was capped (or why it was not) */
  scratch?: string;
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
    return { ok: false, label: "invalid_result", detail: `the result file ${issue.path.length ? `field ${issue.path.join(".")}` : ""}: ${issue.message}`.replace("file :", "file:") };
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

/** Bytes of the files matching the artifact globs; symlinks are never followed. */
export function measureArtifact(root: string, globs: readonly string[]): number {
  let total = 0;
  const walk = (rel: string) => {
    for (const name of readdirSync(join(root, rel))) {
      const path = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(root, path));
      if (st.isDirectory()) walk(path);
      else if (matchesAny(path, globs)) total += st.isSymbolicLink() ? 0 : st.size;
    }
  };
  walk("");
  return total;
}

/** Hands the workspace to the sandbox's uid: the evaluator may write there and nowhere else of ours. */
function chownTree(dir: string): void {
  chownSync(dir, SANDBOX_UID, SANDBOX_UID);
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (lstatSync(p).isDirectory()) chownTree(p);
    else chownSync(p, SANDBOX_UID, SANDBOX_UID);
  }
}

export async function evaluateWorkspace(
  dir: string,
  manifest: TaskManifest,
  o: { logTailChars: number; signal?: AbortSignal; onSpawn?: (pgid: number) => void; scratch?: ScratchFs },
): Promise<Outcome> {
  const budgets = manifest.budgets ?? {};
  const wallclock = budgets.wallclockSeconds ?? 60;
  if (probeIsolation().isolation === "namespaces") chownTree(dir);
  const r = await runSandboxed({
    cwd: dir,
    command: manifest.evaluator.command,
    env: { LINEAGE_WALLCLOCK_SECONDS: String(wallclock) },
    wallclockMs: wallclock * 1000,
    memoryBytes: budgets.memoryBytes,
    logTailChars: o.logTailChars,
    signal: o.signal,
    onSpawn: o.onSpawn,
    readOnlyOutsideCwd: o.scratch?.mounted === true && o.scratch.readOnlyRest,
  });
  const base = { wallclockSeconds: r.wallclockSeconds, log: r.log, isolation: r.isolation, scratch: o.scratch?.note };
  // Rule: a run that failed (non-zero exit or no result) with its capped scratch space full is a
  // budget_overrun (disk), like the memory budget; a run that coped with ENOSPC and scored is kept.
  const diskFull = o.scratch?.mounted === true && scratchIsFull(dir);
  const fail = (failure: FailureLabelName, failureDetail: string, extra: Partial<Outcome> = {}): Outcome => ({ ...base, ...extra, failure, failureDetail });
  if (r.aborted) return fail("infra_error", "interrupted: the runner stopped during the evaluation");
  if (r.timedOut) return fail("budget_overrun", `wall-clock budget of ${wallclock} s exceeded; the evaluator's processes were killed`);
  if (r.flooded) return fail("budget_overrun", `output budget exceeded (${r.outputBytes} bytes printed); the evaluator's processes were killed`);
  if (r.exitCode !== 0) {
    if (diskFull) return fail("budget_overrun", describeFull(o.scratch!));
    if (budgets.memoryBytes && MEMORY_SIGNS.test(r.log)) return fail("budget_overrun", `memory budget of ${budgets.memoryBytes} bytes exceeded`);
    const how = r.signal ? `was killed by ${r.signal}` : `exited with code ${r.exitCode}`;
    const last = r.log.trim().split("\n").filter((l) => l.trim()).pop()?.slice(0, 300);
    return fail("crash", `the evaluator ${how}${last ? `: ${last}` : ""}`);
  }
  const result = readResult(join(dir, manifest.evaluator.resultFile));
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
  const artifactBytes = manifest.artifact.length > 0 ? measureArtifact(dir, manifest.artifact) : undefined;
  if (artifactBytes !== undefined && budgets.artifactBytes !== undefined && artifactBytes > budgets.artifactBytes) {
    return fail("size_failure", `artifact is ${artifactBytes} bytes, over the budget of ${budgets.artifactBytes}`, { metrics, artifactBytes });
  }
  return { ...base, score, metrics, artifactBytes };
}

/**
 * Materialises `files` in `dir` on a size-capped scratch filesystem, evaluates them, and tears the
 * filesystem down only after the result and artifact were read (evaluateWorkspace reads both).
 */
export async function evaluateFiles(
  dir: string,
  files: Files,
  manifest: TaskManifest,
  o: { logTailChars: number; signal?: AbortSignal; onSpawn?: (pgid: number) => void },
): Promise<Outcome> {
  mkdirSync(dir, { recursive: true });
  const scratch = mountScratch(dir, manifest.evaluator.scratchBytes ?? DEFAULT_SCRATCH_BYTES);
  try {
    writeRecipe(dir, files);
    return await evaluateWorkspace(dir, manifest, { ...o, scratch });
  } finally {
    if (scratch.mounted) unmountScratch(dir);
  }
}
