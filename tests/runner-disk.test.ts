// RELIABILITY case 17, the disk bomb: a recipe that writes files until the disk is full fills only
// its evaluation's size-capped scratch filesystem. The trial is a budget_overrun ("disk full"),
// the machine's disk does not grow, nothing survives, and the loop goes on.
import { chmodSync, existsSync, readFileSync, statfsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as read from "../db/read-queries";
import { evaluateFiles } from "../lib/evaluator/evaluate";
import { probeIsolation } from "../lib/evaluator/isolation";
import { LoopRunner } from "../lib/runner/loop-runner";
import { loadTask } from "../lib/evaluator/task";
import { createRun } from "../lib/services/run-control";
import { getTrial, listTrials } from "../lib/services/trials";
import { escapingChild, processesWith, scoringEvaluator, writeTask } from "./runner-fixtures";
import { tempDb, tempDir } from "./support/temp-db";

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const MiB = 1024 * 1024;
const SCRATCH = 32 * MiB;
// Uncontained, this would put 1.5 GiB on the disk: far past the growth the test allows.
const bomb = (marker: string) => `
{
  const fs = await import("node:fs");
  ${escapingChild(marker)}
  // First try the world-writable places outside the workspace.
  for (const d of ["/tmp", "/var/tmp", "/dev/shm"]) try { fs.writeFileSync(d + "/${marker}", "x".repeat(1024)); } catch {}
  const block = Buffer.alloc(${MiB}, 120);
  fs.mkdirSync("junk", { recursive: true });
  for (let i = 0; i < 1536; i++) fs.writeFileSync("junk/f" + i, block);
}
`;

const freeBytes = (dir: string) => {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
};
const mountsUnder = (dir: string) =>
  readFileSync("/proc/self/mounts", "utf8")
    .split("\n")
    .filter((l) => (l.split(" ")[1] ?? "").startsWith(dir));

const namespaces = probeIsolation().isolation === "namespaces";
const escapedFiles = (marker: string) => ["/tmp", "/var/tmp", "/dev/shm"].map((d) => `${d}/${marker}`).filter((p) => existsSync(p));

/** A temp folder the sandbox's uid may traverse (as the runner's work root is). */
function scratchParent(prefix: string) {
  const t = tempDir(prefix);
  chmodSync(t.dir, 0o711);
  cleanups.push(t.cleanup);
  return t.dir;
}

describe("disk bomb", () => {
  it.runIf(namespaces)("fills only its capped scratch filesystem: budget_overrun with a disk-full detail, no survivors", async () => {
    const dir = scratchParent("lineage-disk-");
    const marker = `lineage-diskbomb-${process.pid}-${Date.now()}`;
    const task = loadTask(
      writeTask(
        join(dir, "task"),
        { "evaluate.mjs": scoringEvaluator(bomb(marker)) },
        {
          budgets: { wallclockSeconds: 30, memoryBytes: 2 * 1024 ** 3 },
          evaluator: { command: ["node", "evaluate.mjs"], resultFile: "result.json", scratchBytes: SCRATCH },
        },
      ),
    );
    const before = freeBytes(dir);
    const ws = join(dir, "ws");
    const o = await evaluateFiles(ws, task.baseline, task.manifest, { logTailChars: 4096 });
    const after = freeBytes(dir);
    expect(o.failure, o.log).toBe("budget_overrun");
    expect(o.failureDetail).toContain("disk full");
    expect(o.failureDetail).toContain("32 MiB");
    expect(o.scratch).toContain("tmpfs of 32 MiB; nothing else of the host is visible");
    expect(escapedFiles(marker)).toEqual([]);
    // Others may write to this disk meanwhile: allow some drift, far below the bomb's 1.5 GiB.
    expect(before - after).toBeLessThan(200 * MiB);
    expect(mountsUnder(dir)).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(processesWith(marker)).toEqual([]);
  });

  it.runIf(namespaces)("a well-behaved recipe still scores on its scratch filesystem, and its artifact is measured before teardown", async () => {
    const dir = scratchParent("lineage-disk-");
    const task = loadTask(
      writeTask(join(dir, "task"), {
        "evaluate.mjs": scoringEvaluator(
          `(await import("node:fs")).mkdirSync("out"); (await import("node:fs")).writeFileSync("out/model.bin", Buffer.alloc(3000));`,
        ),
      }),
    );
    const o = await evaluateFiles(join(dir, "ws"), task.baseline, task.manifest, { logTailChars: 4096 });
    expect(o.failure).toBeUndefined();
    expect(o.score).toBe(10);
    expect(o.artifactBytes).toBe(3000 + 25);
    expect(o.scratch).toContain("tmpfs of 256 MiB");
    expect(mountsUnder(dir)).toEqual([]);
  });

  it.runIf(!namespaces)("without root the workspace is uncapped and the trial says so", async () => {
    const dir = scratchParent("lineage-disk-");
    const task = loadTask(writeTask(join(dir, "task"), { "evaluate.mjs": scoringEvaluator() }));
    const o = await evaluateFiles(join(dir, "ws"), task.baseline, task.manifest, { logTailChars: 4096 });
    expect(o.score).toBe(10);
    expect(o.scratch).toContain("no size-capped scratch filesystem");
  });

  it.runIf(namespaces)("in the loop: the bombing trial is labelled, its note recorded, and the run goes on to its budget", async () => {
    const store = tempDb();
    const dir = scratchParent("lineage-disk-loop-");
    cleanups.push(store.cleanup);
    const marker = `lineage-diskbomb-loop-${process.pid}-${Date.now()}`;
    const snippet = join(dir, "bomb.js");
    writeFileSync(snippet, bomb(marker));
    const taskDir = writeTask(
      join(dir, "task"),
      { "evaluate.mjs": scoringEvaluator() },
      {
        budgets: { wallclockSeconds: 30, memoryBytes: 2 * 1024 ** 3 },
        evaluator: { command: ["node", "evaluate.mjs"], resultFile: "result.json", scratchBytes: SCRATCH },
      },
    );
    // The agent appends the bomb to the recipe (its own surface), so the evaluator runs it on import.
    const { runId } = createRun(store.db, loadTask(taskDir), {
      task: "fixture",
      trials: 3,
      agents: [{ surface: "main", proposer: `command:cat ${snippet} >> recipe.mjs` }],
    });
    const workRoot = join(dir, "work");
    const before = freeBytes(dir);
    const runner = new LoopRunner({
      db: store.db,
      logTailChars: 8000,
      proposers: { openai: { baseUrl: "http://127.0.0.1:9", retries: 1, backoffMs: 10 } },
      onlyRunIds: [runId],
      pollMs: 50,
      workRoot,
    });
    await runner.runUntilIdle();
    await runner.stop();
    expect(before - freeBytes(dir)).toBeLessThan(200 * MiB);
    const trials = listTrials(store.db, runId, { limit: 10, sort: "seq" }).items.map((t) => getTrial(store.db, t.id));
    expect(trials).toHaveLength(3);
    expect(trials[0].score).toBe(10);
    for (const t of trials.slice(1)) {
      expect(t.failure).toBe("budget_overrun");
      expect(t.failureDetail).toMatch(/^disk full/);
      expect(t.extra?.scratch).toContain("tmpfs of 32 MiB");
    }
    expect(read.getRunRow(store.db, runId)!.status).toBe("finished");
    expect(mountsUnder(workRoot)).toEqual([]);
    expect(escapedFiles(marker)).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(processesWith(marker)).toEqual([]);
  });

  it("the scratch size comes from the task manifest and a bad one is refused, naming the field", () => {
    const dir = scratchParent("lineage-disk-");
    const bad = writeTask(
      join(dir, "task"),
      { "evaluate.mjs": scoringEvaluator() },
      { evaluator: { command: ["node", "evaluate.mjs"], resultFile: "result.json", scratchBytes: 1000 } },
    );
    expect(() => loadTask(bad)).toThrow(/field evaluator\.scratchBytes/);
  });
});
