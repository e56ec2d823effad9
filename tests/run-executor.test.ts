// A run names its executor: the run's settings over the task's defaults (task.json `executor`),
// checked with messages naming the field, stored in the run's spec; a slurm run is refused at once
// without a usable LINEAGE_SHARED_DIR. No cluster here: the Slurm runs are in slurm-runs.test.ts.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as q from "../db/runner-queries";
import { ExecutorSpec, memBytes, resolveExecutorSpec } from "../lib/domain/run-spec";
import { loadTask } from "../lib/evaluator/task";
import { createRun } from "../lib/services/run-control";
import { startRunFromApi } from "../lib/services/start-run";
import { scoringEvaluator, writeTask } from "./runner-fixtures";
import { tempDb, tempDir } from "./support/temp-db";

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function setup(executor?: unknown) {
  const store = tempDb();
  const { dir, cleanup } = tempDir("lineage-executor-");
  cleanups.push(store.cleanup, cleanup);
  const taskDir = writeTask(join(dir, "task"), { "evaluate.mjs": scoringEvaluator() });
  if (executor) {
    const manifest = JSON.parse(readFileSync(join(taskDir, "task.json"), "utf8"));
    writeFileSync(join(taskDir, "task.json"), JSON.stringify({ ...manifest, executor }));
  }
  return { db: store.db, task: loadTask(taskDir) };
}

describe("the run's executor", () => {
  it("is local by default, and the task's default unless the run says otherwise; fields of the other kind are refused by name", () => {
    expect(ExecutorSpec.parse(resolveExecutorSpec(undefined, undefined))).toEqual({ kind: "local" });
    const task = { kind: "slurm" as const, partition: "gpu", gres: "gpu:1" };
    expect(ExecutorSpec.parse(resolveExecutorSpec(task, undefined))).toEqual(task);
    expect(ExecutorSpec.parse(resolveExecutorSpec(task, { partition: "cpu", mem: "16G" }))).toEqual({ ...task, partition: "cpu", mem: "16G" });
    expect(ExecutorSpec.parse(resolveExecutorSpec(task, { kind: "local" }))).toEqual({ kind: "local" });
    const wrong = ExecutorSpec.safeParse(resolveExecutorSpec(undefined, { partition: "gpu" }));
    expect(wrong.success).toBe(false);
    expect(wrong.error!.issues[0]).toMatchObject({ path: ["partition"], message: expect.stringMatching(/only the slurm executor takes partition/) });
    expect(memBytes("16G")).toBe(16 * 1024 ** 3);
    expect(memBytes("512")).toBe(512 * 1024 ** 2);
  });

  it("is stored in the run's spec: a local run keeps kind local", () => {
    const { db, task } = setup();
    const { runId } = createRun(db, task, { task: "fixture", trials: 2 });
    expect(q.getStartedRun(db, runId)!.spec).toMatchObject({ executor: { kind: "local" } });
  });

  it("refuses bad settings naming the field, and a slurm run without LINEAGE_SHARED_DIR with a clear message", () => {
    const { db, task } = setup();
    expect(() => createRun(db, task, { task: "fixture", trials: 2, executor: { kind: "slurm", mem: "lots" } })).toThrow(/executor.*mem.*size/);
    expect(() => createRun(db, task, { task: "fixture", trials: 2, executor: { kind: "slurm", gres: "gpu 1" } })).toThrow(/executor.*gres/);
    expect(() => createRun(db, task, { task: "fixture", trials: 2, executor: { kind: "local", qos: "high" } })).toThrow(
      /executor.*qos.*only the slurm executor/,
    );
    expect(() => createRun(db, task, { task: "fixture", trials: 2, executor: { kind: "slurm" } })).toThrow(/a slurm run cannot start.*LINEAGE_SHARED_DIR/);
  });

  it("takes the task's default from task.json (a slurm default needs LINEAGE_SHARED_DIR too) and POST /api/runs validates the same fields", () => {
    const { db, task } = setup({ kind: "slurm", partition: "gpu" });
    expect(task.manifest.executor).toEqual({ kind: "slurm", partition: "gpu" });
    expect(() => createRun(db, task, { task: "fixture", trials: 2 })).toThrow(/LINEAGE_SHARED_DIR/);
    const { runId } = createRun(db, task, { task: "fixture", trials: 2, executor: { kind: "local" } });
    expect(q.getStartedRun(db, runId)!.spec).toMatchObject({ executor: { kind: "local" } });
    expect(() => startRunFromApi(db, { task: "golf-mini", trials: 2, executor: { kind: "slurm", cpus: 0 } }, "admin")).toThrow(/body executor\.cpus/);
    expect(() => startRunFromApi(db, { task: "golf-mini", trials: 2, executor: { kind: "pbs" } }, "admin")).toThrow(/body executor\.kind/);
  });
});
