// On a cluster of this file's own (its slurmd is stopped mid-job, which would disturb the shared
// one): a node that stops answering fails its job as node_failure, and jobs the controller has
// forgotten (MinJobAge=2 here) are read from Slurm's completion log, still with one squeue call.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SlurmClient, type SubmitRequest } from "@/lib/evaluator/slurm/client";
import type { SlurmJobStatus } from "@/lib/evaluator/slurm/job-status";
import { skipSlurm, startCluster, type TestCluster } from "./slurm-cluster";

describe.skipIf(skipSlurm)("Slurm: forgotten jobs and node failure", () => {
  let cluster: TestCluster;
  let client: SlurmClient;
  let work: string;
  let n = 0;

  function job(body: string, extra: Partial<SubmitRequest> = {}): SubmitRequest {
    n += 1;
    const script = join(work, `job-${n}.sh`);
    writeFileSync(script, `#!/bin/bash\n${body}\n`);
    chmodSync(script, 0o755);
    return {
      script,
      jobName: `node test ${n}`,
      timeLimitSeconds: 300,
      memoryMb: 100,
      outputFile: join(work, `job-${n}.out`),
      errorFile: join(work, `job-${n}.err`),
      workDir: work,
      ...extra,
    };
  }

  async function until(jobId: string, done: (s: SlurmJobStatus) => boolean, seconds: number): Promise<SlurmJobStatus> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const status = (await client.poll([jobId])).get(jobId)!;
      if (done(status)) return status;
      if (Date.now() > deadline) throw new Error(`job ${jobId} still ${status.phase} (${status.slurmState}) after ${seconds}s`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  beforeAll(() => {
    cluster = startCluster({ LINEAGE_SLURM_MIN_JOB_AGE: "2" });
    client = new SlurmClient({ env: process.env, slurmConf: cluster.slurmConf });
    work = mkdtempSync(join(tmpdir(), "lineage-slurm-node-"));
  });
  afterAll(() => {
    cluster?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test("jobs that left squeue are read from the completion log with their exit codes and times", { timeout: 120_000 }, async () => {
    const ok = (await client.submit(job("sleep 1"))).jobId;
    const bad = (await client.submit(job("exit 5"))).jobId;
    const fromLog = (s: SlurmJobStatus) => s.phase === "ended" && s.source === "completion-log";
    await until(ok, fromLog, 100);
    await until(bad, fromLog, 100);
    const before = { ...client.calls };
    const statuses = await client.poll([ok, bad]);
    expect(client.calls.squeue - before.squeue).toBe(1);
    expect(client.calls.sacct + client.calls.scontrol - before.sacct - before.scontrol).toBe(0);
    expect(statuses.get(ok)).toMatchObject({ phase: "ended", reason: "completed", exit: { code: 0 }, source: "completion-log" });
    expect(statuses.get(bad)).toMatchObject({ phase: "ended", reason: "crash", exit: { code: 5 }, source: "completion-log" });
    const okStatus = statuses.get(ok)!;
    if (okStatus.phase !== "ended") throw new Error("unreachable");
    expect(okStatus.runMs).toBeGreaterThanOrEqual(1000);
    expect(okStatus.queueWaitMs).toBeGreaterThanOrEqual(0);
  });

  test("slurmd stopped mid-job: the job ends as node_failure, and the node comes back with its slurmd", { timeout: 180_000 }, async () => {
    const { jobId } = await client.submit(job("echo running; sleep 600"));
    await until(jobId, (s) => s.phase === "running", 60);
    const slurmd = Number(readFileSync(join(cluster.dir, "slurmd.pid"), "utf8"));
    process.kill(slurmd, "SIGKILL");
    const s = await until(jobId, (x) => x.phase === "ended", 150);
    expect(s).toMatchObject({ phase: "ended", reason: "node_failure", slurmState: "NODE_FAIL" });
    // start-cluster.sh on the same folder starts only what is missing and waits for the node.
    execFileSync("bash", [join(import.meta.dirname, "..", "scripts", "slurm", "start-cluster.sh"), cluster.dir], { stdio: "ignore" });
    const after = await client.submit(job("true"));
    expect(await until(after.jobId, (x) => x.phase === "ended", 60)).toMatchObject({ reason: "completed" });
  });
});
