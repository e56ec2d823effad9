// The tree-search importers (AIDE journals, OpenEvolve checkpoints, ShinkaEvolve databases) on
// their own small fixtures and on the real traces in ../shared/fixtures.
import Database from "better-sqlite3";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { diffText } from "../lib/importers/code-diff";
import { importSource } from "../lib/services/import-source";
import type { ImportOptions } from "../lib/importers/options";
import { getRunDetail } from "../lib/services/catalog";
import { getTrial } from "../lib/services/trials";
import { fingerprint } from "./support/fingerprint";
import { hasSharedFixtures, sharedFixture } from "./support/shared-fixtures";
import { buildShinkaFixture } from "./support/shinka-db";
import { tempDb, tempDir } from "./support/temp-db";

const FIX = join(import.meta.dirname, "fixtures/importers");
let store: ReturnType<typeof tempDb>;
let scratch: ReturnType<typeof tempDir>;
beforeEach(() => ((store = tempDb()), (scratch = tempDir())));
afterEach(() => (store.cleanup(), scratch.cleanup()));

const run = (format: ImportOptions["format"], path: string, options: Partial<ImportOptions> = {}) =>
  importSource(store.db, { path, options: { format, strict: false, ...options }, logTailChars: 65536 });
const trial = (runId: string, sourceId: string) => getTrial(store.db, `${runId}/${sourceId}`) as any;

describe("code diffs", () => {
  it("shows a small edit as a hunk and a rewrite as a whole-file replacement", () => {
    expect(diffText("x.py", "a\nb\nc\n", "a\nB\nc\n")).toBe("diff --git a/x.py b/x.py\n--- a/x.py\n+++ b/x.py\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
    const old = Array.from({ length: 500 }, (_, i) => `old ${i}`).join("\n") + "\n";
    const now = Array.from({ length: 500 }, (_, i) => `new ${i}`).join("\n") + "\n";
    const d = diffText("x.py", old, now);
    expect(d).toContain("@@ -1,500 +1,500 @@\n-old 0\n");
    expect(d.split("\n").filter((l) => l.startsWith("+new ")).length).toBe(500);
    expect(diffText("x.py", "same\n", "same\n")).toBe("");
  });
});

describe("AIDE importer", () => {
  it("maps plans, code diffs, analyses and buggy nodes", () => {
    const r = run("aide", join(FIX, "aide/journal.json"));
    const id = r.run.id;
    expect(r.task.direction).toBe("minimize");
    expect(r.trials).toMatchObject({ total: 7, scored: 3, placeholders: 1 });
    expect(r.trials.byLabel).toEqual({ crash: 2, budget_overrun: 1 });
    expect(trial(id, "n0")).toMatchObject({
      parentIds: [],
      score: 0.5,
      hypothesis: "draft: LightGBM baseline",
      feedback: "ran fine",
      log: "step 0 output\n",
      wallclockSeconds: 1.5,
    });
    expect(trial(id, "n1")).toMatchObject({ failure: "crash", failureDetail: "TypeError: fit() got an unexpected keyword argument 'eval_metric'" });
    expect(trial(id, "n2")).toMatchObject({ failure: "budget_overrun", parentIds: [`${id}/n1`], extra: { stage: "debug" } });
    const n3 = trial(id, "n3");
    expect(n3).toMatchObject({ score: 0.4, hypothesis: "improve: <b>tune</b> the learning rate", extra: { stage: "improve" } });
    expect(n3.diff).toContain("-a = 1\n+a = 2");
    expect(trial(id, "n4")).toMatchObject({ failure: "crash", failureDetail: expect.stringContaining("no valid result") });
    expect(trial(id, "n5").extra).toMatchObject({ malformedSourceRow: true, metricValue: '"abc"' });
    expect(trial(id, "ghost").extra).toMatchObject({ notInSource: true });
    expect(r.missingFields).toEqual(expect.arrayContaining(["contextRefs", "expectedDelta", "domain"]));
  });

  it("--strict refuses the malformed node, re-import is idempotent", () => {
    const before = fingerprint(store.path);
    expect(() => run("aide", join(FIX, "aide/journal.json"), { strict: true })).toThrow(/journal.json:6: malformed source row: metric value is not a number/);
    expect(fingerprint(store.path)).toBe(before);
    run("aide", join(FIX, "aide/journal.json"));
    expect(run("aide", join(FIX, "aide/journal.json")).alreadyImported).toBe(true);
  });
});

describe("OpenEvolve importer", () => {
  it("orders parents first, keeps evicted parents as placeholders, reads errors and prompts", () => {
    const r = run("openevolve", join(FIX, "openevolve/run-small/checkpoints"));
    const id = r.run.id;
    expect(r.source).toBe("run-small");
    expect(r.trials).toMatchObject({ total: 6, scored: 3, placeholders: 1 });
    expect(r.trials.byLabel).toEqual({ budget_overrun: 1, crash: 1 });
    const p2 = trial(id, "p2"); // written before its parent p1 in time: still stored after it
    expect(p2).toMatchObject({
      parentIds: [`${id}/p1`],
      score: 0.6,
      hypothesis: "return 2 instead of 1",
      metrics: { rel_depth: 0.4 },
      extra: { inArchive: true },
    });
    expect(p2.seq).toBeGreaterThan(trial(id, "p1").seq);
    expect(p2.diff).toContain("-    return 1\n+    return 2");
    expect(p2.context).toContain("Improve f. <script>x</script>");
    expect(trial(id, "p3")).toMatchObject({ failure: "budget_overrun", failureDetail: "Evaluation timed out after 60s" });
    expect(trial(id, "p5")).toMatchObject({ failure: "crash" });
    expect(trial(id, "p4")).toMatchObject({ parentIds: [`${id}/gone`], extra: { parentNotInCheckpoint: "gone" } });
    expect(trial(id, "gone").extra).toMatchObject({ notInSource: true });
    expect(trial(id, "p6").extra).toMatchObject({ malformedSourceRow: true });
    expect(getRunDetail(store.db, id).summary.bestScore).toBe(0.7);
  });
});

describe("OpenEvolve evolution trace", () => {
  it("adds the trace's children the checkpoint evicted, so their parents are real trials, not placeholders", () => {
    const r = run("openevolve", join(FIX, "openevolve/run-traced/checkpoints"));
    const id = r.run.id;
    // 6 checkpoint programs (one malformed) + 2 trace-only children + 1 malformed trace line; p2 is not doubled
    expect(r.trials).toMatchObject({ total: 9, placeholders: 0 });
    expect(trial(id, "gone")).toMatchObject({
      parentIds: [`${id}/p2`],
      score: 0.65,
      metrics: { rel_depth: 0.3 },
      hypothesis: "evicted middle step",
      extra: { fromEvolutionTrace: true, iteration: 2 },
    });
    expect(trial(id, "gone").diff).toContain("+x = <b>2</b>");
    expect(trial(id, "gone").context).toContain("Make f faster.");
    expect(trial(id, "p4").parentIds).toEqual([`${id}/gone`]);
    expect(trial(id, "p4").seq).toBeGreaterThan(trial(id, "gone").seq);
    expect(trial(id, "t9")).toMatchObject({ parentIds: [`${id}/p4`], failure: "budget_overrun" });
    expect(trial(id, "trace-line-4").extra).toMatchObject({ malformedSourceRow: true });
  });
});

describe("ShinkaEvolve importer", () => {
  it("reads programs and failed attempts read-only", () => {
    const file = buildShinkaFixture(scratch.dir);
    const before = readFileSync(file);
    const r = run("shinka", scratch.dir);
    const id = r.run.id;
    expect(r.trials).toMatchObject({ total: 6, scored: 3 });
    expect(r.trials.byLabel).toEqual({ crash: 1, patch_failure: 1, invalid_result: 1 });
    expect(trial(id, "g1a")).toMatchObject({
      hypothesis: "return_one: return <i>1</i>",
      contextRefs: [`${id}/g0`],
      metrics: { speed: 1.5 },
      feedback: "faster",
    });
    expect(trial(id, "g1a").diff).toContain("+    return 1");
    expect(trial(id, "g0").metrics).toEqual({ speed: 1, "private.secret": 2 });
    expect(trial(id, "g1b")).toMatchObject({ failure: "crash", failureDetail: "AssertionError: wrong shape" });
    const g2 = trial(id, "g2");
    expect(g2.contextRefs).toEqual([`${id}/g1a`, `${id}/g1b`]);
    expect(g2.extra.contextRefsNotInSource).toEqual(["gone"]);
    expect(g2.diff).toContain("-    return 1\n+    return 2");
    expect(trial(id, "attempt-a1")).toMatchObject({ failure: "patch_failure", failureDetail: "patch_apply_error: hunk 1 FAILED at 3" });
    expect(trial(id, "attempt-a2")).toMatchObject({ failure: "invalid_result" });
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it("refuses a file that is not a ShinkaEvolve database", () => {
    const path = join(scratch.dir, "other.sqlite");
    new Database(path).exec("CREATE TABLE t (x)");
    expect(() => run("shinka", path)).toThrow(/no programs table/);
  });
});

describe.skipIf(!hasSharedFixtures)("tree-search importers, real traces", () => {
  const journals = hasSharedFixtures
    ? [
        ...readdirSync(sharedFixture("aide"))
          .filter((f) => f.endsWith(".json"))
          .map((f) => sharedFixture("aide", f)),
        sharedFixture("other", "munnecke__CosmosResearch__stage_1_initial_implementation_1_preliminary__journal.json"),
      ]
    : [];
  for (const file of journals) {
    it(`AIDE ${file.split("/").pop()}: trial and crash counts match the journal`, () => {
      const j = JSON.parse(readFileSync(file, "utf8")) as { nodes: { is_buggy: boolean; exc_type: string | null }[] };
      const r = run("aide", file);
      const s = getRunDetail(store.db, r.run.id).summary;
      expect(s.trialCount).toBe(j.nodes.length);
      expect(s.keptCount).toBe(0); // AIDE keeps nothing: it searches a tree
      expect(s.failures.crash ?? 0).toBe(j.nodes.filter((n) => n.is_buggy && n.exc_type !== "TimeoutError").length);
    });
  }

  it("OpenEvolve checkpoint: every program imports, evicted parents as placeholders", () => {
    const dir = sharedFixture("openevolve", "bochen-sysnet__QOS__checkpoint_200");
    const programs = readdirSync(join(dir, "programs")).map(
      (f) => JSON.parse(readFileSync(join(dir, "programs", f), "utf8")) as { id: string; parent_id: string | null; metrics: { error?: unknown } },
    );
    const ids = new Set(programs.map((p) => p.id));
    const evicted = new Set(programs.map((p) => p.parent_id).filter((p): p is string => !!p && !ids.has(p)));
    const r = run("openevolve", dir);
    const s = getRunDetail(store.db, r.run.id).summary;
    expect(r.trials.total).toBe(programs.length);
    expect(r.trials.placeholders).toBe(evicted.size);
    expect(s.trialCount).toBe(programs.length + evicted.size);
    expect(s.keptCount).toBe(0);
    expect(s.failures.crash ?? 0).toBe(programs.filter((p) => p.metrics.error).length);
    expect(s.bestTrialId).toBe(`${r.run.id}/${JSON.parse(readFileSync(join(dir, "best_program_info.json"), "utf8")).id}`);
    expect(statSync(dir).isDirectory()).toBe(true);
  });
});
