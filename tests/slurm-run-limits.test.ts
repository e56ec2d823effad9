// Slurm runs at their limits, on the test cluster: a job that never starts (its partition is down)
// is cancelled past the run's pending limit and recorded infra_error with Slurm's pending reason; a
// recipe over the job's --mem is budget_overrun (memory), through `lineage run`; and a run with four
// jobs in flight reads them all with one squeue call per poll interval, not one per job.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase } from "../db/client";
import { iterateTrialRows } from "../db/read-queries";
import { executorOf } from "../lib/evaluator/executor-of";
import type { SlurmExecutor } from "../lib/evaluator/slurm/slurm-executor";
import { resolveTask } from "../lib/evaluator/task";
import { LoopRunner } from "../lib/runner/loop-runner";
import { createRun } from "../lib/services/run-control";
import { runExecutorSpec } from "../lib/services/runner-registry";
import { scoringEvaluator, writeTask } from "./runner-fixtures";
import { skipSlurm, useCluster, type TestCluster } from "./slurm-cluster";
import { runCli } from "./support/server";
import { MIGRATIONS } from "./support/temp-db";

const REPO = join(import.meta.dirname, "..");
const POLL_MS = 500;

describe.skipIf(skipSlurm)("slurm runs at their limits", () => {
  let cluster: TestCluster;
  let work: string;
  let shared: string;
  let env: Record<string, string>;
  let n = 0;
  const held = `lineage-held-${process.pid}`;

  beforeAll(() => {
    cluster = useCluster();
    work = mkdtempSync(join(tmpdir(), "lineage-slurm-limits-"));
    shared = mkdtempSync(join(tmpdir(), "lineage-shared-"));
    env = { SLURM_CONF: cluster.slurmConf, LINEAGE_SHARED_DIR: shared, LINEAGE_SLURM_POLL_MS: String(POLL_MS) };
    // the in-process run below reads its settings from this process's environment
    Object.assign(process.env, env);
    // a partition that takes jobs and never starts them (as one down for maintenance)
    execFileSync("scontrol", ["create", `PartitionName=${held}`, "Nodes=ALL", "State=DOWN"], { env: { ...process.env, ...env } });
  });
  afterAll(() => {
    try {
      execFileSync("scontrol", ["delete", `PartitionName=${held}`], { env: { ...process.env, ...env }, stdio: "ignore" });
    } catch {
      // the cluster is gone already
    }
    cluster?.stop();
    for (const dir of [work, shared]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** golf-mini in a folder of its own: its recipe's run.mjs prefixed with `prefix`, task.json's fields merged with `manifest`. */
  function golfVariant(prefix: string, manifest: Record<string, unknown> = {}): string {
    const dir = join(work, `task-${++n}`);
    cpSync(join(REPO, "tasks", "golf-mini"), dir, { recursive: true });
    const runMjs = join(dir, "recipe", "run.mjs");
    writeFileSync(runMjs, `${prefix}\n${readFileSync(runMjs, "utf8")}`);
    const task = JSON.parse(readFileSync(join(dir, "task.json"), "utf8"));
    writeFileSync(join(dir, "task.json"), JSON.stringify({ ...task, ...manifest }));
    return dir;
  }

  async function run(task: string, args: string[]) {
    const file = join(work, `run-${++n}.db`);
    const r = await runCli(["run", task, "--trials", "1", "--db", file, "--json", "--quiet", ...args], { env });
    if (r.code !== 0) throw new Error(`lineage run exited ${r.code}: ${r.stderr}`);
    const store = openDatabase(file, { migrationsFolder: MIGRATIONS });
    try {
      const { id } = store.$client.prepare("select id from runs").get() as { id: string };
      return [...iterateTrialRows(store, id)].flat();
    } finally {
      store.$client.close();
    }
  }

  test("the pending limit is validated naming its field, in task.json and on the command line", async () => {
    const badDefault = golfVariant("", { executor: { kind: "slurm", maxPendingSeconds: 0 } });
    const r = await runCli(["run", badDefault, "--trials", "1", "--db", join(work, "refused.db")], { env });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/maxPendingSeconds: must be at least 1 second/);
    const flag = await runCli(["run", "golf-mini", "--trials", "1", "--db", join(work, "refused.db"), "--executor", "slurm", "--max-pending", "soon"], { env });
    expect(flag.code).not.toBe(0);
    expect(flag.stderr).toMatch(/--max-pending must be a duration like 90s, 10m, 2h or 1d, not "soon"/);
    const local = await runCli(["run", "golf-mini", "--trials", "1", "--db", join(work, "refused.db"), "--max-pending", "10m"], { env });
    expect(local.code).not.toBe(0);
    expect(local.stderr).toMatch(/only the slurm executor takes maxPendingSeconds/);
  });

  test("a job that never starts is cancelled past the pending limit: infra_error with Slurm's pending reason", { timeout: 120_000 }, async () => {
    // the task's default names the partition and a pending limit; the command line's --max-pending wins
    const task = golfVariant("", { executor: { kind: "slurm", partition: held, maxPendingSeconds: 600 } });
    const started = Date.now();
    const [trial] = await run(task, ["--max-pending", "4s"]);
    expect(trial).toMatchObject({
      failure: "infra_error",
      failureDetail: expect.stringMatching(/past the pending limit of 4 s \(Slurm's pending reason: PartitionDown\); it was cancelled before it started/),
    });
    expect(Date.now() - started).toBeLessThan(60_000);
    const jobId = (trial.extra as { executor: { id: string } }).executor.id;
    const state = execFileSync("squeue", ["--noheader", "--states=all", `--jobs=${jobId}`, "--format=%T"], {
      env: { ...process.env, ...env },
      encoding: "utf8",
    });
    expect(state.trim()).toBe("CANCELLED");
  });

  test("a recipe over the job's --mem is budget_overrun (memory), naming what ended it", { timeout: 180_000 }, async () => {
    // 1.5 GiB touched, 32 MiB at a time: under the recipe's own address-space budget (2 GiB), far over --mem 400M
    const hog = "const hog = []; for (let i = 0; i < 48; i++) { hog.push(Buffer.alloc(32 * 1024 ** 2, 1)); await new Promise((r) => setTimeout(r, 20)); }";
    const [trial] = await run(golfVariant(hog), ["--executor", "slurm", "--mem", "400M"]);
    console.log(`out of memory on this cluster: ${trial.failureDetail}`);
    expect(trial.failure).toBe("budget_overrun");
    // this cluster's memory limit: cgroups when start-cluster.sh could use them (Slurm says OUT_OF_MEMORY), else jobacct_gather's kill
    expect(trial.failureDetail).toMatch(
      /^memory budget exceeded: (Slurm ended the job OUT_OF_MEMORY|slurmstepd killed the job \(Exceeded job memory limit\)): over its --mem of 400 MiB$/,
    );
  });

  test("four jobs in flight are read with one squeue call per poll interval, not one per job", { timeout: 180_000 }, async () => {
    const dir = join(work, `task-${++n}`);
    writeTask(
      dir,
      { "evaluate.mjs": scoringEvaluator("await new Promise((r) => setTimeout(r, 8000));") },
      { budgets: { wallclockSeconds: 30, artifactBytes: 100_000, memoryBytes: 2 * 1024 ** 3 } },
    );
    const store = openDatabase(join(work, `run-${++n}.db`), { migrationsFolder: MIGRATIONS });
    try {
      const decrement = `node -e 'const fs = require("fs"); const s = fs.readFileSync("recipe.mjs", "utf8"); fs.writeFileSync("recipe.mjs", s.replace(/VALUE = (\\d+)/, (m, v) => "VALUE = " + (v - 1)))'`;
      const { runId } = createRun(store, resolveTask(dir), {
        task: "fixture",
        trials: 5,
        parallel: 4,
        agents: [{ surface: "main", proposer: `command:${decrement}` }],
        executor: { kind: "slurm", cpus: 1, mem: "200M" },
      });
      const executor = executorOf(runExecutorSpec(store, runId)) as SlurmExecutor;
      const before = { ...executor.client.calls };
      const runner = new LoopRunner({
        db: store,
        logTailChars: 4096,
        proposers: { openai: { baseUrl: "http://127.0.0.1:9" } },
        onlyRunIds: [runId],
        pollMs: 100,
      });
      const started = Date.now();
      await runner.runUntilIdle();
      await runner.stop();
      const elapsed = Date.now() - started;
      const trials = [...iterateTrialRows(store, runId)].flat();
      expect(trials.map((t) => t.failure)).toEqual([null, null, null, null, null]);
      const calls = executor.client.calls;
      const polls = calls.squeue - before.squeue + (calls.sacct - before.sacct);
      const intervals = Math.ceil(elapsed / POLL_MS);
      // at most one call per interval, plus one per job when it is collected; one call per job in flight would be about 4 per interval
      expect(calls.sbatch - before.sbatch).toBe(5);
      expect(polls).toBeLessThanOrEqual(intervals + 5 + 2);
      expect(polls).toBeGreaterThan(0);
      console.log(`${polls} squeue/sacct calls in ${intervals} poll intervals for 5 jobs (4 in flight at once)`);
    } finally {
      store.$client.close();
    }
  });
});
