// The slurm executor through the Executor interface, on the real test cluster: a staged workspace
// on the shared folder, the job's command run there with a scrubbed environment, its budgets
// enforced, the workspace brought back for the harness, and recovery by job id.
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queueSeconds, runSeconds, waitForAll, type ExecutorJob } from "@/lib/evaluator/executor";
import { SlurmExecutor, checkSharedDir } from "@/lib/evaluator/slurm/slurm-executor";
import { skipSlurm, useCluster, type TestCluster } from "./slurm-cluster";

describe.skipIf(skipSlurm)("slurm executor", () => {
  let cluster: TestCluster;
  let executor: SlurmExecutor;
  let shared: string;
  const submitted: string[] = [];
  const temporary: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    temporary.push(dir);
    return dir;
  };

  function workspace(files: Record<string, string> = {}): string {
    const dir = tempDir("lineage-slurm-ws-");
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  }
  function job(ws: string, command: string[], limits: Partial<ExecutorJob["limits"]> = {}): ExecutorJob {
    return {
      name: "trial 01 test",
      workspace: ws,
      command,
      env: { LINEAGE_WALLCLOCK_SECONDS: "30" },
      limits: { wallclockSeconds: 30, memoryBytes: 200 * 1024 * 1024, ...limits },
      logTailChars: 4000,
    };
  }
  async function run(j: ExecutorJob) {
    const { jobId } = await executor.submit(j);
    submitted.push(jobId);
    const status = (await waitForAll(executor, [jobId])).get(jobId)!;
    return { jobId, status, output: await executor.collect(jobId) };
  }

  beforeAll(() => {
    cluster = useCluster();
    shared = tempDir("lineage-shared-");
    executor = new SlurmExecutor({
      env: { ...process.env, LINEAGE_TEST_SECRET: "do-not-leak" },
      slurmConf: cluster.slurmConf,
      sharedDir: shared,
      pollIntervalMs: 300,
    });
  });
  afterAll(async () => {
    await executor?.client.cancel(submitted);
    cluster?.stop();
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  });

  test("an unset, missing or unwritable shared folder is refused with a message naming LINEAGE_SHARED_DIR", () => {
    expect(() => checkSharedDir(undefined)).toThrow(/needs LINEAGE_SHARED_DIR/);
    expect(() => checkSharedDir(join(shared, "missing"))).toThrow(/LINEAGE_SHARED_DIR .* is not a folder/);
    const readOnly = tempDir("lineage-ro-");
    chmodSync(readOnly, 0o500);
    // root may write anywhere: only a non-root run can see this refusal
    if (process.getuid?.() !== 0) expect(() => checkSharedDir(readOnly)).toThrow(/not writable/);
    expect(() => new SlurmExecutor({ env: process.env, sharedDir: undefined })).toThrow(/LINEAGE_SHARED_DIR/);
  });

  test("a job runs its command in the staged workspace on the shared folder; its files come back; queue wait and run time apart", async () => {
    const ws = workspace({ "input.txt": "41" });
    const j = job(ws, [
      "/bin/sh",
      "-c",
      'echo "cwd=$(pwd)"; echo $(( $(cat input.txt) + 1 )) > result.txt; env; echo "arg=$0"; sleep 1',
      `it's a "$HOME" test`,
    ]);
    const { status, output } = await run(j);
    expect(status).toMatchObject({ state: "done", reason: "completed", exitCode: 0 });
    expect(queueSeconds(status.timings)).toBeGreaterThanOrEqual(0);
    expect(runSeconds(status.timings)).toBeGreaterThanOrEqual(1);
    expect(output.isolation).toBe("slurm");
    expect(output.command.log).toContain(`cwd=${shared}/lineage-jobs/`);
    expect(output.command.log).toContain("LINEAGE_WALLCLOCK_SECONDS=30");
    // argv reaches the command word for word, never through a shell's reading of it
    expect(output.command.log).toContain(`arg=it's a "$HOME" test`);
    // the runner's environment never reaches the job
    expect(output.command.log).not.toContain("do-not-leak");
    expect(output.command.log).not.toContain("SLURM_CONF");
    expect(readFileSync(join(ws, "result.txt"), "utf8").trim()).toBe("42");
  });

  test("a command's non-zero exit is reported with its code (the harness calls it a crash)", async () => {
    const { status, output } = await run(job(workspace(), ["/bin/sh", "-c", "echo failing; exit 7"]));
    expect(status).toMatchObject({ state: "done", reason: "completed", exitCode: 7, signal: null });
    expect(output.command.log).toContain("failing");
  });

  test("the wall-clock budget is enforced in seconds on the node, not Slurm's whole minutes", async () => {
    const started = Date.now();
    const { status } = await run(job(workspace(), ["/bin/sleep", "120"], { wallclockSeconds: 2 }));
    expect(status).toMatchObject({ state: "done", reason: "timeout" });
    expect(Date.now() - started).toBeLessThan(45_000);
  });

  test("the memory budget becomes --mem: a job over it is out_of_memory", async () => {
    const { status } = await run(
      job(workspace(), ["python3", "-c", "b = bytearray(600 * 1024 * 1024); import time; time.sleep(20)"], { memoryBytes: 100 * 1024 * 1024 }),
    );
    expect(status).toMatchObject({ state: "done", reason: "out_of_memory" });
  });

  test("output past its cap is a flood: it is cut at the cap and the job ends as output_limit", async () => {
    const { status, output } = await run(job(workspace(), ["/bin/sh", "-c", "yes flood"], { outputBytes: 64 * 1024 }));
    expect(status).toMatchObject({ state: "done", reason: "output_limit" });
    expect(output.command.outputBytes).toBeGreaterThan(64 * 1024);
    expect(output.command.outputBytes).toBeLessThan(64 * 1024 + 4096);
  });

  test("cancel ends a job as cancelled; a new executor recovers a job by id and refuses one from another workspace", async () => {
    const ws = workspace();
    const { jobId } = await executor.submit(job(ws, ["/bin/sleep", "300"]));
    submitted.push(jobId);
    const later = new SlurmExecutor({ env: process.env, slurmConf: cluster.slurmConf, sharedDir: shared, pollIntervalMs: 300 });
    expect(["pending", "running"]).toContain((await later.recover(jobId, ws)).state);
    expect(await later.recover(jobId, workspace())).toMatchObject({ state: "done", reason: "lost" });
    await later.cancel(jobId);
    const status = (await waitForAll(later, [jobId])).get(jobId)!;
    expect(status).toMatchObject({ state: "done", reason: "cancelled" });
    await later.collect(jobId);
    expect((await later.poll([jobId])).get(jobId)).toMatchObject({ reason: "lost" });
  });

  test("a job with a trusted scorer runs both on the node under Lineage's sandbox; the scorer's result and secret stay out of the recipe's reach", async () => {
    const scorerDir = tempDir("lineage-scorer-");
    writeFileSync(
      join(scorerDir, "score.sh"),
      'echo "scorer saw $(cat "$LINEAGE_EVALUATOR_DIR/held-out.txt")"; echo "{\\"score\\": 7}" > "$LINEAGE_RESULT_FILE"\n',
    );
    writeFileSync(join(scorerDir, "held-out.txt"), "the answers\n");
    const outDir = tempDir("lineage-scorer-out-");
    const ws = workspace({ "input.txt": "1" });
    const j: ExecutorJob = {
      ...job(ws, ["/bin/sh", "-c", 'echo "recipe env: $(env | sort | tr "\\n" " ")"; ls / ; echo made > made.txt']),
      scorer: {
        command: ["/bin/sh", "{evaluator}/score.sh"],
        dir: scorerDir,
        outDir,
        env: { LINEAGE_RESULT_FILE: "{out}/result.json", LINEAGE_EVALUATOR_DIR: "{evaluator}", LINEAGE_HELDOUT_SECRET: "secret-of-the-scorer" },
        memoryBytes: 1e9,
      },
    };
    const { status, output } = await run(j);
    expect(status).toMatchObject({ state: "done", reason: "completed" });
    expect(output.isolation).toMatch(/^slurm\+(namespaces|process-group)$/);
    expect(output.scorer?.log).toContain("scorer saw the answers");
    expect(output.command.log).toContain("recipe env:");
    expect(output.command.log).not.toContain("secret-of-the-scorer");
    expect(output.command.log).not.toContain("do-not-leak");
    expect(JSON.parse(readFileSync(join(outDir, "result.json"), "utf8"))).toEqual({ score: 7 });
    expect(readFileSync(join(ws, "made.txt"), "utf8").trim()).toBe("made");
    // the job's folder (with the spec that held the scorer's secret) is gone from the shared folder
    expect(existsSync(join(shared, "lineage-jobs"))).toBe(true);
    expect(readdirSync(join(shared, "lineage-jobs")).filter((d) => d !== "by-id")).toEqual([]);
  });
});
