// A `lineage run --executor slurm` SIGKILLed with four golf-mini jobs in flight, then a runner
// started again (`lineage run --daemon`): the successor adopts the dead runner's Slurm jobs by id.
// Jobs that finished while no runner was alive are read, those still pending or running are waited
// for, one whose records vanished from the shared folder is infra_error "lost"; each trial is one
// Slurm job (nothing is evaluated twice) and the run ends with its whole budget (nothing is lost).
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase } from "../db/client";
import { getRunRow, iterateTrialRows } from "../db/read-queries";
import * as q from "../db/runner-queries";
import { SlurmClient } from "../lib/evaluator/slurm/client";
import { skipSlurm, useCluster, type TestCluster } from "./slurm-cluster";
import { LINEAGE_BIN } from "./support/server";
import { MIGRATIONS } from "./support/temp-db";

const REPO = join(import.meta.dirname, "..");

describe.skipIf(skipSlurm)("a killed runner's Slurm jobs are adopted by its successor", () => {
  let cluster: TestCluster;
  let work: string;
  let shared: string;
  let env: Record<string, string>;
  const procs: ChildProcess[] = [];
  const outputs = new Map<ChildProcess, string>();

  beforeAll(() => {
    cluster = useCluster();
    work = mkdtempSync(join(tmpdir(), "lineage-slurm-adopt-"));
    shared = mkdtempSync(join(tmpdir(), "lineage-shared-"));
    env = { SLURM_CONF: cluster.slurmConf, LINEAGE_SHARED_DIR: shared, LINEAGE_SLURM_POLL_MS: "250" };
  });
  afterAll(() => {
    for (const p of procs) p.kill("SIGKILL");
    cluster?.stop();
    for (const dir of [work, shared]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const lineage = (args: string[]) => {
    const p = spawn(process.execPath, [LINEAGE_BIN, ...args], { cwd: REPO, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const add = (d: Buffer) => outputs.set(p, (output += d));
    p.stdout!.on("data", add);
    p.stderr!.on("data", add);
    procs.push(p);
    return { proc: p, output: () => output, exited: new Promise<void>((r) => p.once("exit", () => r())) };
  };
  const withStore = <T>(file: string, f: (store: ReturnType<typeof openDatabase>) => T): T => {
    const store = openDatabase(file, { migrationsFolder: MIGRATIONS });
    try {
      return f(store);
    } finally {
      store.$client.close();
    }
  };
  async function until<T>(what: string, seconds: number, f: () => Promise<T | undefined> | T | undefined): Promise<T> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const v = await f();
      if (v !== undefined) return v;
      if (Date.now() > deadline)
        throw new Error(`timed out after ${seconds} s waiting for ${what}; the runners said:\n${procs.map((p) => outputs.get(p)).join("\n")}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  test("finished jobs are read, running and pending ones waited for, a vanished one is lost; one Slurm job per trial", { timeout: 400_000 }, async () => {
    // golf-mini whose recipe takes 8 s: time to kill the runner with jobs pending and running
    const task = join(work, "task");
    cpSync(join(REPO, "tasks", "golf-mini"), task, { recursive: true });
    const runMjs = join(task, "recipe", "run.mjs");
    writeFileSync(runMjs, `await new Promise((r) => setTimeout(r, 8000));\n${readFileSync(runMjs, "utf8")}`);
    const manifest = JSON.parse(readFileSync(join(task, "task.json"), "utf8"));
    writeFileSync(join(task, "task.json"), JSON.stringify({ ...manifest, budgets: { ...manifest.budgets, wallclockSeconds: 60 } }));
    const file = join(work, "run.db");
    const client = new SlurmClient({ env: process.env, slurmConf: cluster.slurmConf });

    // (a command agent: each trial's edit is a comment more in model.mjs)
    const agents = 'model=command:echo "// one more" >> model.mjs';
    const first = lineage(["run", task, "--trials", "6", "--parallel", "4", "--agents", agents, "--db", file, "--json", "--executor", "slurm"]);
    const runId = await until("the run to start", 60, () => /"event":"started","runId":"([^"]+)"/.exec(first.output())?.[1]);
    // the baseline recorded, then four trials in flight, each with its Slurm job id stored
    const inFlight = await until("four jobs in flight", 180, () => {
      const jobs = withStore(file, (s) => q.jobsOfRun(s, runId));
      return jobs.length === 4 && jobs.every((j) => j.executor === "slurm" && j.executorJobId) ? jobs : undefined;
    });
    first.proc.kill("SIGKILL");
    await first.exited;
    const deadRunner = inFlight[0].runnerId;
    const jobIdOf = new Map(inFlight.map((j) => [j.id, j.executorJobId!]));

    // While no runner is alive: one job finishes; another vanishes (cancelled, its folder on the shared folder gone).
    await until("a job to finish with no runner alive", 120, async () => {
      const s = await client.poll([...jobIdOf.values()]);
      return [...s.values()].some((x) => x.phase === "ended") ? true : undefined;
    });
    const statuses = await client.poll([...jobIdOf.values()]);
    const ended = [...jobIdOf].filter(([, id]) => statuses.get(id)!.phase === "ended").map(([trial]) => trial);
    const open = [...jobIdOf].filter(([, id]) => statuses.get(id)!.phase !== "ended").map(([trial]) => trial);
    const vanished = open.pop() ?? ended.pop()!;
    const vanishedJob = jobIdOf.get(vanished)!;
    await client.cancel([vanishedJob]);
    const link = join(shared, "lineage-jobs", "by-id", vanishedJob);
    rmSync(readFileSync(link, "utf8").trim(), { recursive: true, force: true });
    rmSync(link);

    const successor = lineage(["run", "--daemon", "--db", file]);
    await until("the run to finish", 300, () => (withStore(file, (s) => getRunRow(s, runId)?.status) === "finished" ? true : undefined));
    successor.proc.kill("SIGTERM");
    await successor.exited;

    const trials = withStore(file, (s) => [...iterateTrialRows(s, runId)].flat());
    expect(trials.map((t) => t.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(withStore(file, (s) => q.jobsOfRun(s, runId))).toEqual([]);
    const byId = new Map(trials.map((t) => [t.id, t]));
    for (const [trial, jobId] of jobIdOf) {
      const t = byId.get(trial);
      expect(t, `the dead runner's trial ${trial} is recorded`).toBeDefined();
      expect(t!.extra).toMatchObject({ adoptedFrom: deadRunner });
      if (trial === vanished) {
        expect(t).toMatchObject({ failure: "infra_error", failureDetail: expect.stringMatching(new RegExp(`^lost: .*job ${vanishedJob}`)) });
        continue;
      }
      // judged from its own job (read or waited for), never interrupted, never submitted again
      expect(t!.failureDetail ?? "").not.toMatch(/interrupted/);
      expect((t!.extra as { executor: { id: string } }).executor.id).toBe(jobId);
      expect(t!.failure === null ? t!.score : t!.failure).not.toBeNull();
    }
    expect(trials.filter((t) => t.failure === null).length).toBeGreaterThanOrEqual(3);
    // one Slurm job per trial: its job name is the trial's id
    const names = readFileSync(join(cluster.dir, "jobcomp.log"), "utf8").match(/Name=\S+/g) ?? [];
    for (const t of trials)
      expect(
        names.filter((n) => n === `Name=${t.id}`),
        `Slurm jobs of trial ${t.id}`,
      ).toHaveLength(1);
    expect(successor.output()).toMatch(/adopted 4 job\(s\) of a dead runner/);
  });
});
