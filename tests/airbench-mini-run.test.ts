// airbench-mini through `lineage run`, as a user starts it: a real subprocess, a fresh database, the
// baseline and builtin:mutate's agents on the task's three surfaces, each trial evaluated by the
// trusted scorer. The run's trials are scored by training examples (with the accuracy and the
// wall-clock beside them) or labelled; the start-run form lists the task beside golf-mini.
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listStartableTasks } from "../lib/services/start-run";
import { runCli } from "./support/server";
import { tempDir } from "./support/temp-db";

const { dir, cleanup } = tempDir("lineage-airbench-run-");
afterAll(() => cleanup());
const lines = (s: string) =>
  s
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe("airbench-mini through lineage run", () => {
  it("runs the baseline and builtin:mutate's edits on the three surfaces, scored by training examples to the gate", async () => {
    const db = join(dir, "runs.db");
    const r = await runCli(["run", "airbench-mini", "--trials", "4", "--seed", "3", "--db", db, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const events = lines(r.stdout);
    const runId = events[0].runId;
    expect(events[0]).toEqual({ event: "started", runId, taskId: "airbench-mini" });
    expect(events.filter((e) => e.event === "trial")).toHaveLength(4);
    expect(events.at(-1)).toMatchObject({ event: "done", runId, run: { taskId: "airbench-mini", status: "finished" } });

    const exported = lines((await runCli(["export", runId, "--db", db])).stdout);
    const task = exported.find((x) => x.type === "task");
    expect(task).toMatchObject({
      id: "airbench-mini",
      metric: { name: "train_examples", direction: "minimize" },
      gates: [{ metric: "accuracy", op: ">=", value: 0.9 }],
    });
    const agents = exported.filter((x) => x.type === "agent").map((a) => a.surface);
    expect(agents.sort()).toEqual(["architecture", "data", "optimizer"]);
    const trials = exported.filter((x) => x.type === "trial").sort((a, b) => a.seq - b.seq);
    expect(trials).toHaveLength(4);
    const [baseline, ...edits] = trials;
    expect(baseline.score).toBeGreaterThan(1000);
    expect(baseline.metrics.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(baseline.metrics.train_seconds).toBeGreaterThan(0);
    for (const t of edits) {
      expect(t.diff).toMatch(/^diff --git a\/(optimizer|model|data)\.mjs/m);
      expect(t.hypothesis.length).toBeGreaterThan(40);
      // each trial is scored with its accuracy at the gate, or carries a label that says why not
      if (t.failure) expect(["gate_miss", "budget_overrun", "crash", "invalid_result"]).toContain(t.failure);
      else expect(t.metrics.accuracy).toBeGreaterThanOrEqual(0.9);
    }
  }, 180_000);

  it("the start-run form offers airbench-mini beside golf-mini, with its surfaces", () => {
    const tasks = listStartableTasks();
    expect(tasks.map((t) => t.id)).toEqual(expect.arrayContaining(["golf-mini", "airbench-mini"]));
    expect(tasks.find((t) => t.id === "airbench-mini")).toEqual({
      id: "airbench-mini",
      name: "Airbench mini",
      surfaces: ["optimizer", "architecture", "data"],
    });
  });
});
