// The recipes importer on its own fixture (every status, a malformed row, snapshots) and on the
// released run records in ../shared/fixtures/auto-research-recipes.
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importSource } from "../lib/importers/import-source";
import type { ImportOptions } from "../lib/importers/options";
import { getRunDetail } from "../lib/services/catalog";
import { getTrial } from "../lib/services/trials";
import { fingerprint } from "./support/fingerprint";
import { hasSharedFixtures, sharedFixture, tsvRecords } from "./support/shared-fixtures";
import { tempDb } from "./support/temp-db";

const SMALL = join(import.meta.dirname, "fixtures/importers/recipes/pg_small");
let store: ReturnType<typeof tempDb>;
beforeEach(() => (store = tempDb()));
afterEach(() => store.cleanup());

const run = (path: string, options: Partial<ImportOptions> = {}) =>
  importSource(store.db, { path, options: { format: "recipes", strict: false, ...options }, logTailChars: 65536 });
const trialOf = (runId: string, expId: string) => getTrial(store.db, `${runId}/${expId}`) as any;

describe("recipes importer, small fixture", () => {
  it("maps every status to its outcome and counts them", () => {
    const r = run(SMALL);
    expect(r.task).toMatchObject({ id: "parameter-golf", metric: "val_bpb", direction: "minimize", created: true });
    expect(r.rowsRead).toBe(15);
    expect(r.trials).toMatchObject({ total: 15, kept: 2, placeholders: 1 });
    expect(r.trials.byLabel).toEqual({ crash: 2, size_failure: 1, budget_overrun: 2, gate_miss: 1, infra_error: 1 });
    expect(r.unknownStatuses).toEqual(["tentative"]);
    expect(r.missingFields).toEqual(expect.arrayContaining(["contextRefs", "context", "feedback"]));
    const id = r.run.id;
    expect(trialOf(id, "003")).toMatchObject({ failure: "crash", log: expect.stringContaining("CUDA OOM") });
    expect(trialOf(id, "004")).toMatchObject({ failure: "crash", failureDetail: expect.stringContaining("preflight") });
    expect(trialOf(id, "005")).toMatchObject({ failure: "size_failure", artifactBytes: 16001408 });
    expect(trialOf(id, "005").score ?? null).toBeNull();
    expect(trialOf(id, "006")).toMatchObject({ failure: "budget_overrun", failureDetail: "train budget overrun" });
    expect(trialOf(id, "007")).toMatchObject({ failure: "budget_overrun", failureDetail: "eval budget overrun", metrics: { val_bpb: 1.085 } });
    expect(trialOf(id, "008")).toMatchObject({ failure: "gate_miss" });
    expect(trialOf(id, "009")).toMatchObject({ failure: "infra_error" });
    expect(trialOf(id, "012")).toMatchObject({ kept: false, score: 1.078, extra: { status: "tentative" } });
    const detail = getRunDetail(store.db, id);
    expect(detail.summary).toMatchObject({ trialCount: 16, keptCount: 2, baselineScore: 1.1, bestScore: 1.078 });
    expect(detail.kind).toBe("headline");
  });

  it("keeps a malformed row with its mark, raw text and what could be recovered", () => {
    const r = run(SMALL);
    expect(r.malformedRows).toBe(2);
    expect(r.problems).toEqual(expect.arrayContaining([expect.objectContaining({ file: "results.tsv", line: 13, message: expect.stringContaining("9 fields") })]));
    const t = trialOf(r.run.id, "011");
    expect(t.extra).toMatchObject({ malformedSourceRow: true, rawRow: expect.stringContaining("<tool_call>bigram mix</tool_call>") });
    expect(t.score).toBe(1.079);
    expect(t.parentIds).toEqual([`${r.run.id}/010`]);
    expect(trialOf(r.run.id, "014").extra).toMatchObject({ malformedSourceRow: true, malformedReason: expect.stringContaining('train_s="~600"') });
  });

  it("reads quoted fields as text and keeps markup literal", () => {
    const r = run(SMALL);
    expect(trialOf(r.run.id, "010").hypothesis).toBe('momentum "cooldown" 0.99→0.95\tafter warmup <b>bold</b>');
  });

  it("computes diffs between kept snapshots", () => {
    const r = run(SMALL);
    expect(trialOf(r.run.id, "001").diff).toContain("-lr = 0.02\n+lr = 0.04");
    const d10 = trialOf(r.run.id, "010").diff;
    expect(d10).toContain("+momentum_cooldown = 0.95");
    expect(d10).not.toContain("lr = 0.02");
    expect(trialOf(r.run.id, "002").diff).toBeUndefined();
  });

  it("keeps a parent missing from the source as a placeholder", () => {
    const r = run(SMALL);
    const t = trialOf(r.run.id, "013");
    expect(t.parentIds).toEqual([`${r.run.id}/999`]);
    expect(trialOf(r.run.id, "999").extra).toMatchObject({ notInSource: true });
  });

  it("is idempotent and says so", () => {
    const first = run(SMALL);
    const before = fingerprint(store.path);
    const again = run(join(SMALL, "blackboard", "results.tsv"));
    expect(again.run.id).toBe(first.run.id);
    expect(again.alreadyImported).toBe(true);
    expect(again.trials).toMatchObject({ created: 0, unchanged: 16 });
    expect(fingerprint(store.path)).toBe(before);
  });

  it("--strict refuses the whole source, listing every problem by file and line", () => {
    const before = fingerprint(store.path);
    expect(() => run(SMALL, { strict: true })).toThrow(/3 problems[\s\S]*results.tsv:13: malformed[\s\S]*results.tsv:14: unknown status "tentative"[\s\S]*results.tsv:16:/);
    expect(fingerprint(store.path)).toBe(before);
  });

  it("--metric and --maximize choose another score and another task", () => {
    const r = run(SMALL, { metric: "train_s", maximize: false });
    expect(r.task).toMatchObject({ id: "parameter-golf-train-s-min", metric: "train_s", direction: "minimize" });
    expect(trialOf(r.run.id, "001").score).toBe(600);
    expect(() => run(SMALL, { metric: "nope" })).toThrow(/no column "nope"/);
  });
});

describe.skipIf(!hasSharedFixtures)("recipes importer, released run records", () => {
  const RUNS = [
    { dir: "pg_ablation_lineage_on", task: "parameter-golf", kind: "ablation" },
    { dir: "cifar", task: "cifar-speedrun", kind: "headline" },
    { dir: "nanochat_d12", task: "nanochat-d12", kind: "headline" },
  ];
  for (const { dir, task, kind } of RUNS) {
    it(`${dir}: trial, keep and crash counts match the file`, () => {
      const rows = tsvRecords(sharedFixture("auto-research-recipes", dir, "blackboard", "results.tsv"));
      const r = run(sharedFixture("auto-research-recipes", dir));
      const s = getRunDetail(store.db, r.run.id);
      expect(s.taskId).toBe(task);
      expect(s.kind).toBe(kind);
      expect(s.summary.trialCount).toBe(rows.length);
      expect(s.summary.keptCount).toBe(rows.filter((x) => x.status === "keep").length);
      expect(s.summary.failures.crash ?? 0).toBe(rows.filter((x) => x.status === "crash" || x.status === "preflight_crash").length);
      expect(r.trials.placeholders).toBe(0);
    });
  }

  it("both Parameter Golf arms land under one task", () => {
    const a = run(sharedFixture("auto-research-recipes", "pg_ablation_lineage_on"));
    const b = run(join(import.meta.dirname, "fixtures/importers/recipes/pg_small"));
    expect(a.task.id).toBe("parameter-golf");
    expect(b.task).toMatchObject({ id: "parameter-golf", created: false });
  });
});
