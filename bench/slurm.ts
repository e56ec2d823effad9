// npm run bench:slurm — the runner's cost on a real Slurm (a benchmark, never a test). Uses the
// cluster SLURM_CONF names, else starts one of its own (scripts/slurm/start-cluster.sh; needs root
// and Debian's slurm-wlm and munge). A trivial task made in a temp folder (its command writes
// result.json at once, its proposer bumps a number) is run:
//   1. 200 trials through the runner at parallel 2: per trial, the runner's own time (proposal,
//      staging on the shared folder, sbatch, bringing the workspace back, judging, recording) beyond
//      the time the job was in Slurm's hands, and Slurm's submit-to-start latency;
//   2. 50 jobs queued at once through the Slurm executor: submit cost and submit-to-start latency;
//   3. 100 jobs in flight, each waited for by its own caller: the cost of one poll and the scheduler
//      calls per poll interval (goal: one).
// The last line is one JSON object. Settings: BENCH_SLURM_TRIALS (200), BENCH_SLURM_POLL_MS (250).
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../db/client";
import { iterateTrialRows } from "../db/read-queries";
import { waitForAll, type ExecutorJob, type JobStatus } from "../lib/evaluator/executor";
import { executorOf } from "../lib/evaluator/executor-of";
import type { SlurmExecutor } from "../lib/evaluator/slurm/slurm-executor";
import { resolveTask } from "../lib/evaluator/task";
import { LoopRunner } from "../lib/runner/loop-runner";
import { createRun } from "../lib/services/run-control";
import { runExecutorSpec } from "../lib/services/runner-registry";
import { MIGRATIONS_FOLDER, REPO_ROOT } from "./paths";
import { round, summarize } from "./stats";

const TRIALS = Number(process.env.BENCH_SLURM_TRIALS ?? 200);
const POLL_MS = Number(process.env.BENCH_SLURM_POLL_MS ?? 250);
const SCRIPTS = join(REPO_ROOT, "scripts", "slurm");

/** The cluster to use: SLURM_CONF's, else one of the bench's own (stopped at the end). */
function cluster(): { conf: string; stop: () => void } {
  if (process.env.SLURM_CONF) return { conf: process.env.SLURM_CONF, stop: () => {} };
  const dir = mkdtempSync(join(tmpdir(), "lineage-bench-slurm-"));
  const out = execFileSync("bash", [join(SCRIPTS, "start-cluster.sh"), dir], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const conf = /export SLURM_CONF=(.+)/.exec(out)?.[1]?.trim();
  if (!conf) throw new Error(`start-cluster.sh printed no SLURM_CONF: ${out}`);
  return {
    conf,
    stop: () => {
      execFileSync("bash", [join(SCRIPTS, "stop-cluster.sh"), dir], { stdio: "ignore" });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A task whose evaluator writes its result at once and whose proposer bumps a number in the recipe. */
function trivialTask(dir: string): string {
  mkdirSync(join(dir, "recipe"), { recursive: true });
  mkdirSync(join(dir, "proposer"), { recursive: true });
  chmodSync(dir, 0o711);
  writeFileSync(join(dir, "recipe", "value.txt"), "1\n");
  writeFileSync(
    join(dir, "proposer", "bump.mjs"),
    `export function createProposer(kit) {
  return {
    spec: "builtin:mutate",
    async propose(req) {
      const n = Number(req.parent.files.get("value.txt")) + 1;
      return { hypothesis: "bump to " + n, diff: kit.diffRecipes(req.parent.files, new Map(req.parent.files).set("value.txt", n + "\\n")) };
    },
  };
}
`,
  );
  writeFileSync(
    join(dir, "task.json"),
    JSON.stringify({
      id: "bench-slurm",
      name: "Trivial task for bench:slurm",
      metric: { name: "score", direction: "maximize" },
      budgets: { wallclockSeconds: 30, artifactBytes: 100_000 },
      surfaces: [{ name: "main", paths: ["value.txt"] }],
      proposers: { "builtin:mutate": "proposer/bump.mjs" },
      recipe: "recipe",
      evaluator: { command: ["/bin/sh", "-c", 'echo "{\\"score\\": $(cat value.txt)}" > result.json'], resultFile: "result.json" },
      artifact: ["value.txt"],
    }),
  );
  return dir;
}

type Timing = { submitEnd?: number; doneSeen?: number; sbatchMs?: number };

/** Wraps the executor's submit and poll to note when each job was in Slurm's hands (sbatch returned → a poll said done). */
function instrument(executor: SlurmExecutor): Map<string, Timing> {
  const timings = new Map<string, Timing>();
  const submit = executor.submit.bind(executor);
  const poll = executor.poll.bind(executor);
  const sbatch = executor.client.submit.bind(executor.client);
  const sbatchMs = new Map<string, number>();
  executor.client.submit = async (req) => {
    const t = performance.now();
    const r = await sbatch(req);
    sbatchMs.set(r.jobId, performance.now() - t);
    return r;
  };
  executor.submit = async (job: ExecutorJob) => {
    const r = await submit(job);
    timings.set(r.jobId, { submitEnd: performance.now(), sbatchMs: sbatchMs.get(r.jobId) });
    return r;
  };
  executor.poll = async (ids: readonly string[]) => {
    const r = await poll(ids);
    const now = performance.now();
    for (const [id, s] of r) {
      const t = timings.get(id);
      if (t && s.state === "done" && t.doneSeen === undefined) t.doneSeen = now;
    }
    return r;
  };
  return timings;
}

async function throughRunner(work: string) {
  const db = openDatabase(join(work, "bench.db"), { migrationsFolder: MIGRATIONS_FOLDER });
  const task = resolveTask(trivialTask(join(work, "task")));
  const { runId } = createRun(db, task, {
    task: task.record.id,
    trials: TRIALS,
    parallel: 2,
    agents: [{ surface: "main", proposer: "builtin:mutate" }],
    executor: { kind: "slurm", cpus: 1, mem: "64M" },
  });
  const executor = executorOf(runExecutorSpec(db, runId)) as SlurmExecutor;
  const timings = instrument(executor);
  const before = { ...executor.client.calls };
  const runner = new LoopRunner({ db, logTailChars: 4000, proposers: { openai: { baseUrl: "http://127.0.0.1:9" } }, onlyRunIds: [runId], pollMs: 20 });
  const started = performance.now();
  await runner.runUntilIdle();
  await runner.stop();
  const seconds = (performance.now() - started) / 1000;
  const trials = [...iterateTrialRows(db, runId)].flat();
  db.$client.close();
  const overhead: number[] = [];
  const beyondSbatch: number[] = [];
  const queue: number[] = [];
  let failed = 0;
  for (const t of trials) {
    if (t.failure) failed++;
    const job = (t.extra as { executor?: { id: string; queueSeconds?: number } }).executor;
    const timing = job ? timings.get(job.id) : undefined;
    if (!job || !timing?.submitEnd || !timing.doneSeen || !t.startedAt || !t.finishedAt) continue;
    const own = Date.parse(t.finishedAt) - Date.parse(t.startedAt) - (timing.doneSeen - timing.submitEnd);
    overhead.push(own);
    beyondSbatch.push(own - (timing.sbatchMs ?? 0));
    if (job.queueSeconds !== undefined) queue.push(job.queueSeconds * 1000);
  }
  const calls = executor.client.calls;
  return {
    trials: trials.length,
    failed,
    seconds: round(seconds, 1),
    trialsPerSecond: round(trials.length / seconds, 2),
    runnerOverheadMs: summarize(overhead),
    runnerOverheadBeyondSbatchMs: summarize(beyondSbatch),
    submitToStartMs: summarize(queue),
    squeuePerTrial: round((calls.squeue - before.squeue) / trials.length, 2),
  };
}

function jobFolder(work: string, i: number): string {
  const ws = join(work, "jobs", String(i), "eval");
  mkdirSync(ws, { recursive: true });
  return ws;
}

const sleeper = (ws: string, seconds: number): ExecutorJob => ({
  name: `bench-${seconds}`,
  workspace: ws,
  command: ["/bin/sleep", String(seconds)],
  env: {},
  limits: { wallclockSeconds: seconds + 30, cpus: 1, memoryBytes: 32 * 1024 ** 2 },
  logTailChars: 1000,
});

async function queued50(work: string, executor: SlurmExecutor) {
  const submitMs: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    ids.push((await executor.submit(sleeper(jobFolder(work, 1000 + i), 0))).jobId);
    submitMs.push(performance.now() - t);
  }
  const before = executor.client.calls.squeue;
  const t = performance.now();
  const done = await Promise.all(ids.map((id) => waitForAll(executor, [id]).then((m) => m.get(id)!)));
  const drainSeconds = (performance.now() - t) / 1000;
  const intervals = Math.max(1, Math.round((drainSeconds * 1000) / executor.pollIntervalMs));
  const latency = done.map((s: JobStatus) => (s.timings.startedAt ?? s.timings.submittedAt) - s.timings.submittedAt);
  for (const id of ids) await executor.collect(id);
  return {
    jobs: ids.length,
    sbatchMs: summarize(submitMs),
    submitToStartMs: summarize(latency),
    drainSeconds: round(drainSeconds, 1),
    squeuePerInterval: round((executor.client.calls.squeue - before) / intervals, 2),
  };
}

async function inFlight100(work: string, executor: SlurmExecutor) {
  const ids: string[] = [];
  for (let i = 0; i < 100; i++) ids.push((await executor.submit(sleeper(jobFolder(work, 2000 + i), 120))).jobId);
  // one poll of all 100, timed
  const pollMs: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    await executor.poll(ids);
    pollMs.push(performance.now() - t);
  }
  // 100 callers each waiting for its own job (as 100 trials in flight do) for 10 intervals
  const stop = new AbortController();
  const before = executor.client.calls.squeue;
  const waits = ids.map((id) => waitForAll(executor, [id], stop.signal));
  const windowMs = 10 * executor.pollIntervalMs;
  await new Promise((r) => setTimeout(r, windowMs));
  const squeue = executor.client.calls.squeue - before;
  stop.abort(); // cancels them all (scancel) on the next interval
  await Promise.all(waits);
  for (const id of ids) await executor.collect(id);
  return { jobs: ids.length, pollMs: summarize(pollMs), squeuePerInterval: round(squeue / (windowMs / executor.pollIntervalMs), 2) };
}

async function main() {
  const c = cluster();
  const work = mkdtempSync(join(tmpdir(), "lineage-bench-slurm-work-"));
  const shared = join(work, "shared");
  mkdirSync(shared);
  Object.assign(process.env, { SLURM_CONF: c.conf, LINEAGE_SHARED_DIR: shared, LINEAGE_SLURM_POLL_MS: String(POLL_MS) });
  try {
    const runner = await throughRunner(work);
    console.log(
      `${runner.trials} trials at parallel 2 in ${runner.seconds} s (${runner.trialsPerSecond}/s, ${runner.failed} failed): runner overhead ${runner.runnerOverheadMs.median} ms/trial median (p95 ${runner.runnerOverheadMs.p95}), ${runner.runnerOverheadBeyondSbatchMs.median} ms beyond its sbatch call; Slurm submit→start ${runner.submitToStartMs.median} ms median (p95 ${runner.submitToStartMs.p95}; Slurm's times, whole seconds)`,
    );
    const executor = executorOf({ kind: "slurm", cpus: 1 }) as SlurmExecutor;
    const q50 = await queued50(work, executor);
    console.log(
      `50 queued at once: sbatch ${q50.sbatchMs.median} ms median; submit→start ${q50.submitToStartMs.median} ms median (p95 ${q50.submitToStartMs.p95}); drained in ${q50.drainSeconds} s with ${q50.squeuePerInterval} squeue calls per interval`,
    );
    const f100 = await inFlight100(work, executor);
    console.log(
      `100 in flight: one poll of all ${f100.pollMs.median} ms median (p95 ${f100.pollMs.p95}); ${f100.squeuePerInterval} squeue calls per ${POLL_MS} ms interval`,
    );
    console.log(JSON.stringify({ bench: "slurm", pollIntervalMs: POLL_MS, runner, queued50: q50, inFlight100: f100 }));
  } finally {
    rmSync(work, { recursive: true, force: true });
    c.stop();
  }
}

await main();
