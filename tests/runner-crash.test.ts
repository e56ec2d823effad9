// Crash safety: the runner SIGKILLed mid-evaluation loses nothing recorded; on restart the trial it
// was evaluating becomes infra_error (interrupted), its sandbox is gone, and the run continues.
// Two runners started at once never claim the same trial.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../db/client";
import * as read from "../db/read-queries";
import * as q from "../db/runner-queries";
import { probeIsolation } from "../lib/evaluator/isolation";
import { isMountPoint } from "../lib/evaluator/scratch-fs";
import { resolveTask } from "../lib/evaluator/task";
import { createRun } from "../lib/services/run-control";
import { listTrials, getTrial } from "../lib/services/trials";
import { verifyRun } from "../lib/services/verify-run";
import { escapingChild, processesWith, writeTask } from "./runner-fixtures";
import { LINEAGE_BIN, runCli } from "./support/server";
import { MIGRATIONS, tempDir } from "./support/temp-db";

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const until = async (what: string, ok: () => boolean, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

function fixture(marker: string) {
  const { dir, cleanup } = tempDir("lineage-crash-");
  cleanups.push(cleanup);
  // Each evaluation leaves an escaping child behind and takes a while, so there is time to kill.
  const evaluator = `import { writeFileSync } from "node:fs";
    ${escapingChild(marker)}
    await new Promise((r) => setTimeout(r, 1500));
    const { VALUE } = await import("./recipe.mjs");
    writeFileSync("result.json", JSON.stringify({ score: VALUE }));`;
  const task = writeTask(join(dir, "task"), { "evaluate.mjs": evaluator });
  const dbPath = join(dir, "lineage.db");
  const db = openDatabase(dbPath, { migrationsFolder: MIGRATIONS });
  cleanups.push(() => db.$client.close());
  return { dir, task, dbPath, db };
}

const decrement = `node -e 'const fs = require("fs"); const s = fs.readFileSync("recipe.mjs", "utf8"); fs.writeFileSync("recipe.mjs", s.replace(/VALUE = (\\d+)/, (m, v) => "VALUE = " + (v - 1)))'`;
const agent = [{ surface: "main", proposer: `command:${decrement}` }];

describe("runner crash safety", () => {
  it("SIGKILL mid-evaluation: nothing lost, interrupted trial becomes infra_error, sandbox gone, run continues", async () => {
    const marker = `lineage-crash-child-${process.pid}-${Date.now()}`;
    const { task, dbPath, db } = fixture(marker);
    const { runId } = createRun(db, resolveTask(task), { task: "fixture", trials: 4, agents: agent });
    const daemon = spawn(process.execPath, [LINEAGE_BIN, "run", "--daemon", "--db", dbPath], { stdio: "ignore" });
    cleanups.push(() => daemon.kill("SIGKILL"));
    // Wait for the baseline to be recorded and the second trial to be mid-evaluation.
    await until(
      "a recorded trial and an evaluation in flight",
      () => read.getRunStats(db, runId)!.trialCount >= 1 && q.jobsOfRun(db, runId).some((j) => j.pgid !== null) && processesWith(marker).length > 0,
    );
    const recordedBefore = listTrials(db, runId, { limit: 50, sort: "seq" }).items.map((t) => t.id);
    const job = q.jobsOfRun(db, runId)[0];
    // The evaluation runs on its own capped tmpfs (as root), which a killed runner leaves mounted.
    const workspace = (job.planned as { workspace?: string }).workspace!;
    expect(isMountPoint(workspace)).toBe(probeIsolation().isolation === "namespaces");
    daemon.kill("SIGKILL");
    await new Promise((r) => daemon.once("exit", r));
    // The sandbox dies with its runner (parent-death signal, PID namespace), escapees included.
    await until("the interrupted sandbox to be gone", () => processesWith(marker).length === 0, 3000);

    // A new runner takes the run over and finishes it.
    const successor = spawn(process.execPath, [LINEAGE_BIN, "run", "--daemon", "--db", dbPath], { stdio: "ignore" });
    cleanups.push(() => successor.kill("SIGKILL"));
    await until("the run to finish", () => read.getRunRow(db, runId)!.status === "finished", 45_000);
    successor.kill("SIGTERM");

    const trials = listTrials(db, runId, { limit: 50, sort: "seq" }).items.map((t) => getTrial(db, t.id));
    expect(trials).toHaveLength(4);
    for (const id of recordedBefore) expect(trials.some((t) => t.id === id)).toBe(true);
    const interrupted = trials.find((t) => t.id === job.id)!;
    expect(interrupted.failure).toBe("infra_error");
    expect(interrupted.failureDetail).toMatch(/^interrupted/);
    expect(trials.filter((t) => t.failure === "infra_error")).toHaveLength(1);
    expect(trials.filter((t) => !t.failure).length).toBe(3);
    expect(q.jobsOfRun(db, runId)).toEqual([]);
    expect(verifyRun(db, runId).intact).toBe(true);
    await until("no sandbox left", () => processesWith(marker).length === 0, 3000);
    expect(isMountPoint(workspace)).toBe(false); // the successor unmounted the dead runner's scratch
  }, 90_000);

  it("a dead runner's work folder and scratch mount are cleaned up by the next runner of another run, though its own run is never resumed", async () => {
    const marker = `lineage-leftover-child-${process.pid}-${Date.now()}`;
    const { task, dbPath, db } = fixture(marker);
    // A `lineage run` of its own task, SIGKILLed mid-evaluation; nobody ever takes its run over.
    const first = spawn(
      process.execPath,
      [LINEAGE_BIN, "run", task, "--trials", "4", "--agents", "main=command:sed -i s/10/9/ recipe.mjs", "--db", dbPath, "--quiet"],
      { stdio: "ignore" },
    );
    cleanups.push(() => first.kill("SIGKILL"));
    await until(
      "an evaluation in flight",
      () => q.activeRunIds(db).some((id) => q.jobsOfRun(db, id).some((j) => j.pgid !== null)) && processesWith(marker).length > 0,
    );
    const [runId] = q.activeRunIds(db);
    const job = q.jobsOfRun(db, runId)[0];
    const workspace = (job.planned as { workspace?: string }).workspace!;
    const dead = q.runnersOfKind(db, "run")[0];
    expect(dead.pid).toBe(first.pid);
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    await until("the killed runner's sandbox to be gone", () => processesWith(marker).length === 0, 3000);
    // What it leaves: its work folder, and (as root) the evaluation's tmpfs still mounted.
    expect(existsSync(dead.workRoot)).toBe(true);
    const mounted = probeIsolation().isolation === "namespaces";
    expect(isMountPoint(workspace)).toBe(mounted);

    // The next runner of any run: a new, unrelated `lineage run` cleans up at its start.
    const next = await runCli(["run", task, "--trials", "1", "--db", dbPath]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain(`cleaned up after dead runner ${dead.id}`);
    expect(isMountPoint(workspace)).toBe(false);
    expect(existsSync(dead.workRoot)).toBe(false);
    expect(q.otherRunners(db, "none").map((r) => r.id)).not.toContain(dead.id);
    // The dead runner's run is untouched: still running, its interrupted job kept for whoever takes it over.
    expect(read.getRunRow(db, runId)!.status).toBe("running");
    expect(q.jobsOfRun(db, runId).map((j) => j.id)).toEqual([job.id]);
  }, 90_000);

  it("two runners started at once: each trial claimed and recorded once", async () => {
    const marker = `lineage-race-child-${process.pid}-${Date.now()}`;
    const { task, dbPath, db } = fixture(marker);
    const { runId } = createRun(db, resolveTask(task), { task: "fixture", trials: 4, parallel: 2, agents: agent });
    const runners = [0, 1].map(() => spawn(process.execPath, [LINEAGE_BIN, "run", "--daemon", "--db", dbPath], { stdio: "ignore" }));
    for (const r of runners) cleanups.push(() => r.kill("SIGKILL"));
    await until("the run to finish", () => read.getRunRow(db, runId)!.status === "finished", 60_000);
    const trials = listTrials(db, runId, { limit: 50, sort: "seq" }).items;
    expect(trials.map((t) => t.seq)).toEqual([1, 2, 3, 4]);
    expect(trials.every((t) => !t.failure)).toBe(true);
    expect(verifyRun(db, runId).intact).toBe(true);
    for (const r of runners) r.kill("SIGTERM");
  }, 90_000);
});
