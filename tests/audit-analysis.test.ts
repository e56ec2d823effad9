// The audit's analysis of a trial (classification, diff findings) is computed once and stored: as the
// runner records a trial, or, for bulk ingest (traces, importers), from the queue the ingest fills,
// outside its transaction. Every view reads what was stored. Task patterns that cannot run in linear
// time are refused at load with their field.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { parseTraceText } from "../lib/domain/jsonl";
import { loadTask } from "../lib/evaluator/task";
import { getTrialAudit } from "../lib/services/audit-findings";
import { domainReview } from "../lib/services/audit-review";
import { analyseAllQueued } from "../lib/services/analysis-queue";
import { ingestTrace } from "../lib/services/ingest-trace";
import { recordOutcome as recordTrial } from "../lib/services/record-outcome";
import { tempDb, tempDir } from "./support/temp-db";
import { agent, run, task, toJsonl, trial } from "./support/traces";

const ingest = (db: Db, records: unknown[]) => ingestTrace(db, parseTraceText(toJsonl(records)), { logTailChars: 1000 });
const queued = (db: Db) => (db.$client.prepare("SELECT trial_id FROM analysis_queue ORDER BY rowid").all() as { trial_id: string }[]).map((r) => r.trial_id);
const stored = (db: Db, id: string) =>
  db.$client.prepare("SELECT version, classification, findings FROM trial_analyses WHERE trial_id = ?").get(id) as
    { version: number; classification: string; findings: string } | undefined;

const DOMAINS = [
  { name: "architecture", patterns: ["\\bn_head\\b"] },
  { name: "evaluation", paths: ["eval/**"], patterns: ["\\bval_data\\b"] },
];
const EVAL_DIFF = "--- a/train.py\n+++ b/train.py\n@@ -1,2 +1,2 @@\n-n_head = 8\n+n_head = 12\n@@ -9 +9 @@\n-x = 1\n+loader = open_split(val_data)\n";

describe("the audit analysis is stored when a trial is recorded", () => {
  let t: ReturnType<typeof tempDb>;
  beforeEach(() => {
    t = tempDb();
    ingest(t.db, [task("golf", { domains: DOMAINS, protectedPaths: ["eval/"] }), run(), agent()]);
  });
  afterEach(() => t.cleanup());

  it("by ingestion (POST /api/trace, importers): queued in the ingest, then classification and diff findings are in trial_analyses", () => {
    ingest(t.db, [trial("t1", { parentIds: [], score: 1.2, diff: EVAL_DIFF, domain: "arch", agentId: "a-opt" })]);
    // the ingest's transaction ran no pattern: the trial is owed its analysis
    expect(stored(t.db, "t1")).toBeUndefined();
    expect(queued(t.db)).toEqual(["t1"]);
    expect(analyseAllQueued(t.db)).toBe(1);
    expect(queued(t.db)).toEqual([]);
    const row = stored(t.db, "t1")!;
    expect(row.version).toBeGreaterThan(0);
    const c = JSON.parse(row.classification);
    expect(c).toMatchObject({ source: "diff", declared: "architecture", rulesFrom: "task", hunkCount: 2 });
    expect(c.classified).toEqual(expect.arrayContaining(["architecture", "evaluation"]));
    const findings = JSON.parse(row.findings);
    expect(findings.map((f: { kind: string }) => f.kind)).toContain("evaluation_code");
    expect(findings.find((f: { kind: string }) => f.kind === "evaluation_code").message).toMatch(/val_data/);
  });

  it("by the runner (recordTrial)", () => {
    recordTrial(
      t.db,
      {
        id: "r1",
        runId: "run-1",
        parentIds: [],
        contextRefs: [],
        hypothesis: "h",
        diff: "--- a/eval/x.py\n+++ b/eval/x.py\n@@ -1 +1 @@\n-a\n+b\n",
        startedAt: new Date().toISOString(),
      },
      { score: 1.1, wallclockSeconds: 1 },
      { logTailChars: 100 },
    );
    const findings = JSON.parse(stored(t.db, "r1")!.findings).map((f: { kind: string }) => f.kind);
    expect(findings).toEqual(expect.arrayContaining(["protected_path", "evaluation_code"]));
    expect(queued(t.db)).toEqual([]);
  });

  it("views read the stored analysis and never recompute it; a trial without one is analysed once, then stored", () => {
    ingest(t.db, [trial("t1", { parentIds: [], score: 1.2, diff: EVAL_DIFF, domain: "arch" })]);
    analyseAllQueued(t.db);
    // Mark the stored row: a view that recomputed would not show the mark.
    const c = JSON.parse(stored(t.db, "t1")!.classification);
    t.db.$client
      .prepare("UPDATE trial_analyses SET classification = ? WHERE trial_id = ?")
      .run(JSON.stringify({ ...c, classified: ["marked"], domains: ["marked"] }), "t1");
    expect(getTrialAudit(t.db, "t1").classification.classified).toEqual(["marked"]);
    expect(domainReview(t.db, "run-1", "marked").counts.submissions).toBe(1);

    // A trial recorded before analyses were stored (or by an older version): analysed on its first view, then stored.
    t.db.$client.prepare("DELETE FROM trial_analyses WHERE trial_id = ?").run("t1");
    expect(getTrialAudit(t.db, "t1").classification.classified).toEqual(expect.arrayContaining(["architecture", "evaluation"]));
    expect(stored(t.db, "t1")).toBeDefined();
    t.db.$client.prepare("UPDATE trial_analyses SET version = 0 WHERE trial_id = ?").run("t1");
    getTrialAudit(t.db, "t1");
    expect(stored(t.db, "t1")!.version).toBeGreaterThan(0);
  });

  it("a trial viewed while still queued is analysed on that view and leaves the queue", () => {
    ingest(t.db, [trial("t1", { parentIds: [], score: 1.2, diff: EVAL_DIFF, domain: "arch" }), trial("t2", { parentIds: ["t1"], score: 1.1 })]);
    expect(getTrialAudit(t.db, "t1").findings.map((f) => f.kind)).toContain("evaluation_code");
    expect(stored(t.db, "t1")).toBeDefined();
    expect(queued(t.db)).toEqual(["t2"]);
  });

  it("the queue of one run is worked off alone, oldest first, and a trial queued twice is analysed once", () => {
    ingest(t.db, [run("run-2"), trial("o1", { runId: "run-2", parentIds: [] }), trial("t1", { parentIds: [], score: 1.2, diff: EVAL_DIFF })]);
    expect(analyseAllQueued(t.db, "run-1")).toBe(1);
    expect(queued(t.db)).toEqual(["o1"]);
    ingest(t.db, [trial("p1", { parentIds: [], status: "proposed" })]);
    ingest(t.db, [trial("p1", { parentIds: [], status: "evaluated", score: 1 })]);
    expect(queued(t.db)).toEqual(["o1", "p1"]);
    expect(analyseAllQueued(t.db)).toBe(2);
  });

  it("a completed trial (proposed first, evaluated later) is analysed again with its final diff", () => {
    ingest(t.db, [trial("p1", { parentIds: [], status: "proposed", diff: "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n" })]);
    analyseAllQueued(t.db);
    expect(JSON.parse(stored(t.db, "p1")!.classification).classified).toEqual(["other"]);
    ingest(t.db, [trial("p1", { parentIds: [], status: "evaluated", score: 1, diff: EVAL_DIFF })]);
    analyseAllQueued(t.db);
    expect(JSON.parse(stored(t.db, "p1")!.classification).classified).toContain("architecture");
  });
});

describe("task patterns are checked when the task is loaded", () => {
  let t: ReturnType<typeof tempDb>;
  beforeEach(() => (t = tempDb()));
  afterEach(() => t.cleanup());

  it("ingestion refuses a pattern that needs backtracking, naming its field, and stores nothing", () => {
    const bad = task("bad", {
      domains: [
        { name: "arch", patterns: ["n_head"] },
        { name: "eval", patterns: ["(\\w+)\\1"] },
      ],
    });
    expect(() => ingest(t.db, [bad, run("run-b", "bad")])).toThrow(/line 1: field domains\[1\]\.patterns\[0\]: backreferences are not supported/);
    expect(t.db.$client.prepare("SELECT count(*) AS n FROM tasks").get()).toEqual({ n: 0 });
  });

  it("a runner task's task.json with a lookahead is refused, naming the file and the field", () => {
    const d = tempDir();
    try {
      mkdirSync(join(d.dir, "recipe"));
      writeFileSync(join(d.dir, "recipe", "train.py"), "print(1)\n");
      const manifest = {
        id: "t",
        name: "T",
        metric: { name: "loss", direction: "minimize" },
        recipe: "recipe",
        evaluator: { command: ["python3", "train.py"], resultFile: "result.json" },
        domains: [
          { name: "data", patterns: ["ok"] },
          { name: "evaluation", patterns: ["fine", "test(?!_ok)"] },
        ],
      };
      writeFileSync(join(d.dir, "task.json"), JSON.stringify(manifest));
      expect(() => loadTask(d.dir)).toThrow(/task\.json: field domains\[1\]\.patterns\[1\]: lookahead and lookbehind assertions are not supported/);
      manifest.domains[1].patterns[1] = "^(\\w+\\s?)*$"; // runs in linear time on RE2: accepted
      writeFileSync(join(d.dir, "task.json"), JSON.stringify(manifest));
      expect(loadTask(d.dir).record.domains?.[1].patterns?.[1]).toBe("^(\\w+\\s?)*$");
    } finally {
      d.cleanup();
    }
  });
});
