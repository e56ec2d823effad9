// On a cluster of this file's own (its slurmd is stopped mid-job, which would disturb the shared
// one): a node that stops answering fails its job as node_failure, and jobs the controller has
// forgotten (MinJobAge=2 here) are read from Slurm's completion log, still with one squeue call;
// through `lineage run`, the trial whose node failed is infra_error and left out of later context.
import { spawn } from "node:child_process";
import { chmodSync, cpSync, mkdtempSync, rmSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SlurmClient, type SubmitRequest } from "@/lib/evaluator/slurm/client";
import type { SlurmJobStatus } from "@/lib/evaluator/slurm/job-status";
import { openDatabase } from "@/db/client";
import { getRunRow, iterateTrialRows } from "@/db/read-queries";
import * as q from "@/db/runner-queries";
import { killSlurmd, restartCluster, skipSlurm, startCluster, type TestCluster } from "./slurm-cluster";
import { LINEAGE_BIN } from "./support/server";
import { MIGRATIONS } from "./support/temp-db";

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
    killSlurmd(cluster);
    const s = await until(jobId, (x) => x.phase === "ended", 150);
    expect(s).toMatchObject({ phase: "ended", reason: "node_failure", slurmState: "NODE_FAIL" });
    restartCluster(cluster);
    const after = await client.submit(job("true"));
    expect(await until(after.jobId, (x) => x.phase === "ended", 60)).toMatchObject({ reason: "completed" });
  });

  test("through lineage run: the trial whose node failed is infra_error and left out of the next trial's context", { timeout: 300_000 }, async () => {
    const repo = join(import.meta.dirname, "..");
    // golf-mini whose recipe sleeps 150 s when its model says "slow", and the agent's first edit
    // (the second trial) says so: its node surely fails under it, while the baseline and the
    // third trial run at once (a 12 s recipe for all could finish before the NODE_FAIL came)
    const task = join(work, "golf");
    cpSync(join(repo, "tasks", "golf-mini"), task, { recursive: true });
    const runMjs = join(task, "recipe", "run.mjs");
    const slow = `import { readFileSync as readModel } from "node:fs";\nif (readModel(new URL("./model.mjs", import.meta.url), "utf8").includes("// slow")) await new Promise((r) => setTimeout(r, 150000));\n`;
    writeFileSync(runMjs, `${slow}${readFileSync(runMjs, "utf8")}`);
    const manifest = JSON.parse(readFileSync(join(task, "task.json"), "utf8"));
    writeFileSync(join(task, "task.json"), JSON.stringify({ ...manifest, budgets: { ...manifest.budgets, wallclockSeconds: 240 } }));
    const shared = mkdtempSync(join(tmpdir(), "lineage-shared-"));
    const file = join(work, "node-failure.db");
    const firstEdit = join(work, "first-edit-made");
    const agentScript = join(work, "agent.sh");
    writeFileSync(agentScript, `if [ -e ${firstEdit} ]; then echo "// fast" >> model.mjs; else touch ${firstEdit}; echo "// slow" >> model.mjs; fi\n`);
    const agents = `model=command:sh ${agentScript}`;
    const proc = spawn(process.execPath, [LINEAGE_BIN, "run", task, "--trials", "3", "--agents", agents, "--db", file, "--json", "--executor", "slurm"], {
      cwd: repo,
      env: { ...process.env, SLURM_CONF: cluster.slurmConf, LINEAGE_SHARED_DIR: shared, LINEAGE_SLURM_POLL_MS: "250" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    proc.stdout.on("data", (d) => (output += d));
    proc.stderr.on("data", (d) => (output += d));
    const exited = new Promise<number>((r) => proc.on("exit", (c) => r(c ?? 1)));
    const store = () => openDatabase(file, { migrationsFolder: MIGRATIONS });
    const read = <T>(f: (s: ReturnType<typeof store>) => T): T => {
      const s = store();
      try {
        return f(s);
      } finally {
        s.$client.close();
      }
    };
    try {
      const waitFor = async <T>(what: string, seconds: number, f: () => Promise<T | undefined>): Promise<T> => {
        const deadline = Date.now() + seconds * 1000;
        for (;;) {
          const v = await f();
          if (v !== undefined) return v;
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${output}`);
          await new Promise((r) => setTimeout(r, 250));
        }
      };
      const runId = await waitFor("the run to start", 60, async () => /"event":"started","runId":"([^"]+)"/.exec(output)?.[1]);
      // the second trial's job running on the node (the baseline recorded before it)
      const failing = await waitFor("the second trial's job to run", 150, async () => {
        const job = read((s) => (trialsOf(s, runId).length === 1 ? q.jobsOfRun(s, runId)[0] : undefined));
        if (!job?.executorJobId) return undefined;
        return (await client.poll([job.executorJobId])).get(job.executorJobId)?.phase === "running" ? job : undefined;
      });
      killSlurmd(cluster);
      await waitFor("the node failure to be recorded", 150, async () => (read((s) => trialsOf(s, runId).length) >= 2 ? true : undefined));
      restartCluster(cluster);
      expect(await exited).toBe(0);
      const trials = read((s) => trialsOf(s, runId));
      expect(read((s) => getRunRow(s, runId)?.status)).toBe("finished");
      expect(trials).toHaveLength(3);
      const failed = trials.find((t) => t.id === failing.id)!;
      expect(failed).toMatchObject({ seq: 2, failure: "infra_error", failureDetail: expect.stringMatching(/^the evaluation job ended by node failure/) });
      // the next trial's proposer never saw it: not among its context refs, not in its context
      const next = trials[2];
      const refs = read((s) => s.$client.prepare("select ref_id from trial_context_refs where trial_id = ?").all(next.id) as { ref_id: string }[]);
      expect(refs.map((r) => r.ref_id)).toContain(trials[0].id);
      expect(refs.map((r) => r.ref_id)).not.toContain(failed.id);
      expect(next.context ?? "").not.toMatch(/infra_error|node failure/);
    } finally {
      proc.kill("SIGKILL");
      restartCluster(cluster);
      rmSync(shared, { recursive: true, force: true });
    }
  });
});

const trialsOf = (s: ReturnType<typeof openDatabase>, runId: string) => [...iterateTrialRows(s, runId)].flat();
