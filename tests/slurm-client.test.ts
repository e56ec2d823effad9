// The Slurm client against a real one-node cluster (scripts/slurm/start-cluster.sh): submit, one
// squeue call for many jobs, cancel, and Slurm's own states and times read back.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SlurmClient, type SubmitRequest } from "@/lib/evaluator/slurm/client";
import type { SlurmJobStatus } from "@/lib/evaluator/slurm/job-status";
import { skipSlurm, useCluster, type TestCluster } from "./slurm-cluster";

describe.skipIf(skipSlurm)("Slurm client on a real cluster", () => {
  let cluster: TestCluster;
  let client: SlurmClient;
  let work: string;
  let n = 0;
  let timeoutJob: string;
  const submitted: string[] = [];

  function job(body: string, extra: Partial<SubmitRequest> = {}): SubmitRequest & { errorFile: string } {
    n += 1;
    const script = join(work, `job-${n}.sh`);
    writeFileSync(script, `#!/bin/bash\n${body}\n`);
    chmodSync(script, 0o755);
    return {
      script,
      jobName: `lineage test ${n}`,
      timeLimitSeconds: 120,
      memoryMb: 200,
      outputFile: join(work, `job-${n}.out`),
      errorFile: join(work, `job-${n}.err`),
      workDir: work,
      ...extra,
    };
  }

  async function until(jobId: string, done: (s: SlurmJobStatus) => boolean, seconds: number, errorFiles?: Map<string, string>): Promise<SlurmJobStatus> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const status = (await client.poll([jobId], { errorFiles })).get(jobId)!;
      if (done(status)) return status;
      if (Date.now() > deadline) throw new Error(`job ${jobId} still ${status.phase} (${status.slurmState}) after ${seconds}s`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  const ended = (s: SlurmJobStatus) => s.phase === "ended";

  beforeAll(async () => {
    cluster = useCluster();
    client = new SlurmClient({ env: process.env, slurmConf: cluster.slurmConf });
    const submit = client.submit.bind(client);
    client.submit = async (req) => {
      const job = await submit(req);
      submitted.push(job.jobId);
      return job;
    };
    work = mkdtempSync(join(tmpdir(), "lineage-slurm-client-"));
    // Slurm's time limits are whole minutes checked every half minute: start the overrun first so
    // the other tests run while it waits.
    timeoutJob = (await client.submit(job("echo started; sleep 600", { timeLimitSeconds: 1 }))).jobId;
  });
  afterAll(async () => {
    // A shared cluster outlives this file: leave no job of ours behind on it.
    await client?.cancel(submitted);
    cluster?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test("a normal job completes with exit code 0, its queue wait and run time from Slurm's times", async () => {
    const req = job("echo hello from slurm; sleep 2");
    const { jobId, timeLimitSeconds } = await client.submit(req);
    expect(timeLimitSeconds).toBe(120);
    const s = await until(jobId, ended, 60);
    expect(s).toMatchObject({ phase: "ended", reason: "completed", slurmState: "COMPLETED", exit: { code: 0, signal: null }, source: "squeue" });
    if (s.phase !== "ended") throw new Error("unreachable");
    expect(s.node).not.toBe("");
    expect(s.queueWaitMs).toBeGreaterThanOrEqual(0);
    expect(s.runMs).toBeGreaterThanOrEqual(1000);
    expect(s.startedAt!.getTime()).toBeGreaterThanOrEqual(s.submittedAt!.getTime());
    expect(s.endedAt!.getTime() - s.startedAt!.getTime()).toBe(s.runMs);
    expect(readFileSync(req.outputFile, "utf8")).toContain("hello from slurm");
  });

  test("a failing job is a crash with its exit code", async () => {
    const { jobId } = await client.submit(job("echo about to fail >&2; exit 3"));
    const s = await until(jobId, ended, 60);
    expect(s).toMatchObject({ phase: "ended", reason: "crash", slurmState: "FAILED", exit: { code: 3, signal: null }, slurmReason: "NonZeroExitCode" });
  });

  test("a job over its --mem ends out of memory", async () => {
    const req = job(`python3 -c "b = bytearray(600 * 1024 * 1024); import time; time.sleep(30)"`, { memoryMb: 100 });
    const { jobId } = await client.submit(req);
    const s = await until(jobId, ended, 90, new Map([[jobId, req.errorFile]]));
    expect(s).toMatchObject({ phase: "ended", reason: "out_of_memory" });
  });

  test("a job held back reports pending with Slurm's reason", async () => {
    const held = (await client.submit(job("true", { hold: true }))).jobId;
    const later = (await client.submit(job("true", { beginAfterSeconds: 3600 }))).jobId;
    await new Promise((r) => setTimeout(r, 1500));
    const statuses = await client.poll([held, later]);
    expect(statuses.get(held)).toMatchObject({ phase: "pending", reason: "JobHeldUser", slurmState: "PENDING" });
    expect(statuses.get(later)).toMatchObject({ phase: "pending", reason: "BeginTime" });
    await client.cancel([held, later]);
    const after = await client.poll([held, later]);
    expect(after.get(held)).toMatchObject({ phase: "ended", reason: "cancelled" });
    expect(after.get(later)).toMatchObject({ phase: "ended", reason: "cancelled" });
  });

  test("scancel ends a running job as cancelled; cancelling it again (or an unknown id) is no error", async () => {
    const req = job("echo running; sleep 300");
    const { jobId } = await client.submit(req);
    await until(jobId, (s) => s.phase === "running", 60);
    await client.cancel([jobId]);
    const s = await until(jobId, ended, 30);
    expect(s).toMatchObject({ phase: "ended", reason: "cancelled", slurmState: "CANCELLED" });
    await expect(client.cancel([jobId, "987654321"])).resolves.toBeUndefined();
  });

  test("the request's limits reach Slurm: --time rounded up to whole minutes, --mem, --cpus-per-task, --partition, --chdir", async () => {
    const req = job("true", { hold: true, timeLimitSeconds: 61, memoryMb: 123, cpusPerTask: 2, partition: "debug" });
    const { jobId, timeLimitSeconds } = await client.submit(req);
    expect(timeLimitSeconds).toBe(120);
    const shown = execFileSync("scontrol", ["show", "job", jobId], { env: { ...process.env, SLURM_CONF: cluster.slurmConf }, encoding: "utf8" });
    expect(shown).toMatch(/TimeLimit=00:02:00/);
    expect(shown).toMatch(/MinMemoryNode=123M/);
    expect(shown).toMatch(/NumCPUs=2/);
    expect(shown).toMatch(/Partition=debug/);
    expect(shown).toContain(`WorkDir=${work}`);
    expect(shown).toContain(`StdOut=${req.outputFile}`);
    await client.cancel([jobId]);
  });

  test("polling 20 jobs in flight costs one squeue call", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await client.submit(job("sleep 30", { memoryMb: 50 }))).jobId);
    const before = { ...client.calls };
    const started = performance.now();
    const statuses = await client.poll(ids);
    const ms = performance.now() - started;
    console.log(`one poll of ${ids.length} jobs in flight: ${ms.toFixed(1)} ms`);
    expect(client.calls.squeue - before.squeue).toBe(1);
    expect(client.calls.scontrol + client.calls.sacct - before.scontrol - before.sacct).toBe(0);
    expect([...statuses.keys()].sort()).toEqual([...ids].sort());
    for (const s of statuses.values()) expect(["pending", "running"]).toContain(s.phase);
    await client.cancel(ids);
    expect(client.calls.scancel - before.scancel).toBe(1);
  });

  test("an id Slurm never knew is lost, beside known ones in the same poll", async () => {
    const { jobId } = await client.submit(job("true"));
    const statuses = await client.poll([jobId, "987654321"]);
    expect(statuses.get("987654321")).toMatchObject({ phase: "ended", reason: "lost", source: "none" });
    expect(statuses.get(jobId)).not.toMatchObject({ reason: "lost" });
    expect((await client.poll(["987654322"])).get("987654322")).toMatchObject({ reason: "lost" });
  });

  test("bad requests are refused before sbatch runs, naming the field", async () => {
    const before = client.calls.sbatch;
    await expect(client.submit(job("true", { partition: "debug; rm -rf /" }))).rejects.toThrow(/partition/);
    await expect(client.submit(job("true", { memoryMb: 1.5 }))).rejects.toThrow(/memoryMb/);
    await expect(client.submit(job("true", { jobName: "two\nlines" }))).rejects.toThrow(/jobName/);
    await expect(client.poll(["1,2"])).rejects.toThrow(/not a Slurm job id/);
    expect(client.calls.sbatch).toBe(before);
  });

  test("a Slurm error names the command and its stderr", async () => {
    await expect(client.submit(job("true", { partition: "no_such_partition" }))).rejects.toThrow(/sbatch .*--partition=no_such_partition.*invalid partition/i);
  });

  test("a job over its --time ends as a timeout", { timeout: 240_000 }, async () => {
    const s = await until(timeoutJob, ended, 200);
    expect(s).toMatchObject({ phase: "ended", reason: "timeout", slurmState: "TIMEOUT" });
    if (s.phase !== "ended") throw new Error("unreachable");
    expect(s.runMs).toBeGreaterThanOrEqual(60_000);
  });
});
