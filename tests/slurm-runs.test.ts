// Runs with --executor slurm through the real `lineage run`, on the test cluster: golf-mini (its
// trusted scorer beside the recipe, both in Lineage's sandbox on the node) scores as a local run of
// the same seed; a trial past its wall-clock budget is budget_overrun, a crashing recipe crash as
// locally; a stop with a job in flight cancels it (scancel) and records infra_error "stopped".
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, hostname } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase } from "../db/client";
import { iterateTrialRows } from "../db/read-queries";
import * as q from "../db/runner-queries";
import { SlurmClient } from "../lib/evaluator/slurm/client";
import { controlRun } from "../lib/services/run-control";
import { skipSlurm, useCluster, type TestCluster } from "./slurm-cluster";
import { LINEAGE_BIN, runCli } from "./support/server";
import { MIGRATIONS } from "./support/temp-db";

const REPO = join(import.meta.dirname, "..");
const GOLF = join(REPO, "tasks", "golf-mini");

describe.skipIf(skipSlurm)("slurm runs through lineage run", () => {
  let cluster: TestCluster;
  let work: string;
  let shared: string;
  let env: Record<string, string>;
  let n = 0;
  const db = () => join(work, `run-${++n}.db`);

  /** golf-mini in a folder of its own, its recipe's run.mjs prefixed with `prefix` and its budgets changed. */
  function variant(prefix: string, budgets: Record<string, number> = {}): string {
    const dir = join(work, `task-${++n}`);
    cpSync(GOLF, dir, { recursive: true });
    const runMjs = join(dir, "recipe", "run.mjs");
    writeFileSync(runMjs, `${prefix}\n${readFileSync(runMjs, "utf8")}`);
    const manifest = JSON.parse(readFileSync(join(dir, "task.json"), "utf8"));
    writeFileSync(join(dir, "task.json"), JSON.stringify({ ...manifest, budgets: { ...manifest.budgets, ...budgets } }));
    return dir;
  }

  function trialsOf(file: string) {
    const store = openDatabase(file, { migrationsFolder: MIGRATIONS });
    try {
      const runId = store.$client.prepare("select id from runs").get() as { id: string };
      return [...iterateTrialRows(store, runId.id)].flat();
    } finally {
      store.$client.close();
    }
  }

  async function run(task: string, trials: number, extra: string[] = []) {
    const file = db();
    const r = await runCli(["run", task, "--trials", String(trials), "--seed", "5", "--db", file, "--json", "--quiet", ...extra], { env });
    if (r.code !== 0) throw new Error(`lineage run exited ${r.code}: ${r.stderr}`);
    return trialsOf(file);
  }

  beforeAll(() => {
    cluster = useCluster();
    work = mkdtempSync(join(tmpdir(), "lineage-slurm-runs-"));
    shared = mkdtempSync(join(tmpdir(), "lineage-shared-"));
    // one held-out secret for the local and the Slurm runs, so their scores can be compared
    env = {
      SLURM_CONF: cluster.slurmConf,
      LINEAGE_SHARED_DIR: shared,
      LINEAGE_SLURM_POLL_MS: "250",
      LINEAGE_HELDOUT_SECRET_FILE: join(work, "heldout-secret"),
    };
  });
  afterAll(() => {
    cluster?.stop();
    for (const dir of [work, shared]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("a slurm run is refused at start without LINEAGE_SHARED_DIR, naming it", async () => {
    const r = await runCli(
      ["run", "golf-mini", "--trials", "1", "--db", db(), "--executor", "slurm"],
      { env: { ...env, LINEAGE_SHARED_DIR: "" } } /* empty: unset */,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/slurm run cannot start.*LINEAGE_SHARED_DIR/);
    const bad = await runCli(["run", "golf-mini", "--trials", "1", "--db", db(), "--partition", "gpu"], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/executor partition: only the slurm executor takes partition/);
  });

  test("golf-mini on Slurm scores as a local run of the same seed; each trial names its job, node, queue wait and run time", { timeout: 400_000 }, async () => {
    const local = await run("golf-mini", 3);
    const slurm = await run("golf-mini", 3, ["--executor", "slurm"]);
    expect(slurm.map((t) => [t.seq, t.failure])).toEqual(local.map((t) => [t.seq, t.failure]));
    for (const [i, t] of slurm.entries()) {
      if (local[i].score === null) expect(t.score).toBeNull();
      else expect(Math.abs(t.score! - local[i].score!)).toBeLessThanOrEqual(1e-4);
    }
    expect(slurm[0].failure).toBeNull();
    for (const t of slurm.filter((x) => x.failure === null)) {
      const extra = t.extra as { sandbox: string; executor: { executor: string; id: string; node: string; queueSeconds: number; runSeconds: number } };
      expect(extra.sandbox).toMatch(/^slurm\+(namespaces|process-group)$/);
      expect(extra.executor).toMatchObject({ executor: "slurm", id: expect.stringMatching(/^\d+$/), node: hostname().split(".")[0] });
      expect(extra.executor.queueSeconds).toBeGreaterThanOrEqual(0);
      expect(extra.executor.runSeconds).toBeGreaterThan(0);
      expect(t.wallclockSeconds).toBeCloseTo(extra.executor.runSeconds, 3);
    }
  });

  test("a recipe past its wall-clock budget is budget_overrun; a crashing one ends as it does locally", { timeout: 300_000 }, async () => {
    const slow = variant("setInterval(() => {}, 1000); await new Promise(() => {});", { wallclockSeconds: 3 });
    const [timedOut] = await run(slow, 1, ["--executor", "slurm"]);
    expect(timedOut).toMatchObject({ failure: "budget_overrun", failureDetail: expect.stringMatching(/wall-clock budget of 3 s exceeded/) });
    const crashing = variant('console.error("recipe gives up"); process.exit(3);');
    const [onSlurm] = await run(crashing, 1, ["--executor", "slurm"]);
    const [here] = await run(crashing, 1);
    expect(here.failure).toBe("crash");
    expect(here.failureDetail).toMatch(/the recipe's process exited with code 3: recipe gives up/);
    expect(onSlurm).toMatchObject({ failure: here.failure, failureDetail: here.failureDetail });
  });

  test("stop with a job in flight cancels it (scancel) and records infra_error stopped", { timeout: 300_000 }, async () => {
    const slow = variant("await new Promise((r) => setTimeout(r, 120_000));", { wallclockSeconds: 200 });
    const file = db();
    const proc = spawn(process.execPath, [LINEAGE_BIN, "run", slow, "--trials", "3", "--db", file, "--json", "--executor", "slurm"], {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let stdout = "";
    proc.stderr.on("data", (d) => (stderr += d));
    proc.stdout.on("data", (d) => (stdout += d));
    const exited = new Promise<number>((r) => proc.on("exit", (c) => r(c ?? 1)));
    // (the run's process never outlives the test, whatever happens in it)
    const client = new SlurmClient({ env: process.env, slurmConf: cluster.slurmConf });
    let jobId: string | undefined;
    try {
      const deadline = Date.now() + 120_000;
      while (!jobId) {
        if (Date.now() > deadline) throw new Error(`no running Slurm job after 120 s: ${stderr}`);
        await new Promise((r) => setTimeout(r, 500));
        // the run is in the store (migrated, created) once the CLI says it started
        const runId = /"event":"started","runId":"([^"]+)"/.exec(stdout)?.[1];
        if (!runId) continue;
        const store = openDatabase(file, { migrationsFolder: MIGRATIONS });
        try {
          const job = q.jobsOfRun(store, runId).find((j) => j.executorJobId);
          if (job?.executor === "slurm" && (await client.poll([job.executorJobId!])).get(job.executorJobId!)?.phase === "running") {
            jobId = job.executorJobId!;
            controlRun(store, runId, "stop", "tester");
          }
        } finally {
          store.$client.close();
        }
      }
    } catch (e) {
      proc.kill("SIGKILL");
      throw e;
    }
    expect(await exited).toBe(0);
    const status = (await client.poll([jobId])).get(jobId)!;
    expect(status).toMatchObject({ phase: "ended", reason: "cancelled" });
    const trials = trialsOf(file);
    expect(trials).toHaveLength(1);
    expect(trials[0]).toMatchObject({ failure: "infra_error", failureDetail: expect.stringMatching(/^stopped/) });
  });
});
