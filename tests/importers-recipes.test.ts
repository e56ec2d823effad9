// The recipes importer on its own fixture (every status, a malformed row, snapshots) and on the
// released run records in ../shared/fixtures/auto-research-recipes.
import Database from "better-sqlite3";
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importSource } from "../lib/services/import-source";
import type { ImportOptions } from "../lib/importers/options";
import { getRunDetail } from "../lib/services/catalog";
import { ListTrialsQuery } from "../lib/domain/api";
import { getTrial, listTrials } from "../lib/services/trials";
import { fingerprint } from "./support/fingerprint";
import { hasSharedFixtures, sharedFixture, tsvRecords } from "./support/shared-fixtures";
import { runCli } from "./support/server";
import { tempDb, tempDir } from "./support/temp-db";

const SMALL = join(import.meta.dirname, "fixtures/importers/recipes/pg_small");
// Parameter Golf rows as the released lineage-off arm writes them: parent_exp/baseline_exp as "NNN" and "exp_NNN".
const EXP_IDS = join(import.meta.dirname, "fixtures/importers/recipes/pg_ablation_lineage_off");
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
    // notes are the agent's own account of its change, not an evaluator log (issue 10 §8)
    expect(trialOf(id, "003")).toMatchObject({ failure: "crash", extra: { agentNotes: "Traceback: CUDA OOM | ChildFailedError" } });
    expect(trialOf(id, "003").log).toBeUndefined();
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
    expect(r.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ file: "results.tsv", line: 13, message: expect.stringContaining("9 fields") })]),
    );
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
    expect(() => run(SMALL, { strict: true })).toThrow(
      /3 problems[\s\S]*results.tsv:13: malformed[\s\S]*results.tsv:14: unknown status "tentative"[\s\S]*results.tsv:16:/,
    );
    expect(fingerprint(store.path)).toBe(before);
  });

  it("--metric and --maximize choose another score and another task", () => {
    const r = run(SMALL, { metric: "train_s", maximize: false });
    expect(r.task).toMatchObject({ id: "parameter-golf-train-s-min", metric: "train_s", direction: "minimize" });
    expect(trialOf(r.run.id, "001").score).toBe(600);
    expect(() => run(SMALL, { metric: "nope" })).toThrow(/no column "nope"/);
  });
});

describe("recipes importer, parents written as exp_NNN (issue 10 §1)", () => {
  const seqOf = (runId: string, expId: string) => trialOf(runId, expId).seq as number;

  it("resolves exp_NNN and NNN to the same row; a placeholder only for the parent that is truly absent", () => {
    const r = run(EXP_IDS);
    const id = r.run.id;
    expect(r.trials).toMatchObject({ total: 10, placeholders: 1 });
    expect(trialOf(id, "002").parentIds).toEqual([`${id}/001`]);
    expect(trialOf(id, "002").extra).toMatchObject({ parentExpAsWritten: "exp_001", baselineExp: "001", baselineExpAsWritten: "exp_001", sourceId: "002" });
    expect(trialOf(id, "003").parentIds).toEqual([`${id}/002`]);
    expect(trialOf(id, "003").extra.parentExpAsWritten).toBe("exp_002");
    expect(trialOf(id, "005").extra).toMatchObject({ baselineExp: "002", baselineExpAsWritten: "2" });
    // "exp_999" and "999" are one missing parent, not two
    expect(trialOf(id, "004").parentIds).toEqual([`${id}/999`]);
    expect(trialOf(id, "005").parentIds).toEqual([`${id}/999`]);
    expect(trialOf(id, "999").extra).toMatchObject({ notInSource: true });
    // the malformed row's recovered parent is normalised too
    expect(trialOf(id, "008").parentIds).toEqual([`${id}/007`]);
    expect(trialOf(id, "009").parentIds).toEqual([`${id}/008`]);
    // Δ vs parent is there: the parent is the real row
    const items = listTrials(store.db, id, ListTrialsQuery.parse({ limit: 100 })).items;
    expect(items.find((t) => t.id === `${id}/002`)!.deltaVsParent).toBeCloseTo(-0.0005, 9);
    expect(items.filter((t) => t.parentIds.length === 0).map((t) => t.id)).toEqual([`${id}/000`, `${id}/999`]);
  });

  it("keeps seq in the source's order, the placeholder just before its first child", () => {
    const r = run(EXP_IDS);
    const id = r.run.id;
    expect(["000", "001", "002", "003", "999", "004", "005"].map((e) => seqOf(id, e))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // 006 names 007, which comes after it: it waits for its parent, and the report says so
    expect(seqOf(id, "007")).toBe(8);
    expect(seqOf(id, "006")).toBe(9);
    expect(seqOf(id, "008")).toBe(10);
    expect(r.notes).toContain("1 row came before its parent in the source: stored after the parent, so seq differs from the source order there");
    const s = getRunDetail(store.db, id).summary;
    expect(s).toMatchObject({ trialCount: 11, bestTrialId: `${id}/007` });
  });

  it("takes kind and feedback from the folder name or the blackboard's state folder; --kind/--feedback override", () => {
    const r = run(EXP_IDS);
    expect(getRunDetail(store.db, r.run.id)).toMatchObject({ kind: "ablation", feedback: "none" });
    expect(r.notes.find((n) => n.startsWith("arm:"))).toMatch(/ablation, feedback none .*lineage_off/);
    // The same blackboard under a neutral folder name: KNOWLEDGE.md names the state folder magent_state_pg_nolineage_B.
    const dir = tempDir();
    try {
      cpSync(EXP_IDS, join(dir.dir, "run-b"), { recursive: true });
      const b = run(join(dir.dir, "run-b"));
      expect(getRunDetail(store.db, b.run.id)).toMatchObject({ kind: "ablation", feedback: "none" });
      expect(b.notes.find((n) => n.startsWith("arm:"))).toContain("magent_state_pg_nolineage_B");
      const c = run(join(dir.dir, "run-b"), { runName: "relabelled", kind: "control", feedback: "lineage" });
      expect(getRunDetail(store.db, c.run.id)).toMatchObject({ kind: "control", feedback: "lineage" });
    } finally {
      dir.cleanup();
    }
    // a headline run stays one
    const h = run(SMALL);
    expect(getRunDetail(store.db, h.run.id)).toMatchObject({ kind: "headline", feedback: "lineage" });
  });

  it("lists each trial with its source id; q finds it by exp_NNN, by the id as written and in the text (issue 10 §17)", () => {
    const r = run(EXP_IDS);
    const id = r.run.id;
    const list = (q: string) => listTrials(store.db, id, ListTrialsQuery.parse({ q, limit: 100 })).items.map((t) => t.id);
    const all = listTrials(store.db, id, ListTrialsQuery.parse({ limit: 100 })).items;
    expect(all.find((t) => t.id === `${id}/007`)!.sourceId).toBe("007");
    // 007 by its id; 008 because its hypothesis names exp_007
    expect(list("exp_007")).toEqual([`${id}/007`, `${id}/008`]);
    expect(list("exp_7")).toEqual([`${id}/007`]);
    expect(list("005")).toEqual([`${id}/005`]);
    // a hypothesis that mentions exp_002 is found too
    expect(list("exp_002")).toEqual([`${id}/002`, `${id}/007`]);
    // a LIKE wildcard in q is a literal character
    expect(list("0_7")).toEqual([]);
  });

  it("marks the trials recovered from a malformed row in the list, with the raw row's head (issue 10 §9)", () => {
    const r = run(EXP_IDS);
    const all = listTrials(store.db, r.run.id, ListTrialsQuery.parse({ limit: 100 })).items;
    const bad = all.filter((t) => t.malformedRow);
    expect(bad.map((t) => t.sourceId)).toEqual(["008"]);
    expect(bad[0].malformedRow).toEqual({ raw: expect.stringContaining('<parameter name=""notes"">Single literal change <b>x</b>.'), truncated: false });
    expect(all.find((t) => t.sourceId === "007")!.malformedRow).toBeNull();
  });

  it("keeps the blackboard's KNOWLEDGE.md and LEADERBOARD.md with the run, byte for byte (issue 10 §10)", () => {
    const r = run(EXP_IDS);
    const config = getRunDetail(store.db, r.run.id).config as { blackboard?: Record<string, string> };
    for (const f of ["KNOWLEDGE.md", "LEADERBOARD.md"]) expect(config.blackboard?.[f]).toBe(readFileSync(join(EXP_IDS, "blackboard", f), "utf8"));
    // a board without them has none
    expect((getRunDetail(store.db, run(SMALL).run.id).config as { blackboard?: unknown }).blackboard).toBeUndefined();
  });

  it("keeps the notes column as the agent's notes", () => {
    const r = run(EXP_IDS);
    expect(trialOf(r.run.id, "007").extra.agentNotes).toBe("Raised muon_momentum_warmup_fraction; exp_003 showed quant is saturated.");
    expect(trialOf(r.run.id, "007").log).toBeUndefined();
    expect(trialOf(r.run.id, "003").extra.agentNotes).toBeUndefined();
  });
});

describe("recipes import path safety through the CLI (issue 10 §2)", () => {
  const HEADER =
    "exp_id\ttimestamp\tspecialist\tparent_exp\tbaseline_exp\tdomain\thypothesis\texpected_delta\tstatus\tval_bpb\tdelta_vs_best\tartifact_bytes\ttrain_s\teval_s\ttotal_s\tjob_name\tsnapshot_path\tnotes";
  const row = (id: string, parent: string, status: string, snapshot = "") =>
    [id, "2026-05-01T04:00:00Z", "opt", parent, parent, "opt", `try ${id}`, "0", status, "1.09", "", "", "", "", "", "", snapshot, ""].join("\t");

  /** A run folder "run" beside a private folder "run-private" (its name starts with the run's). */
  function crafted(rows: string[], setup: (root: string) => void = () => {}) {
    const dir = tempDir();
    const run = join(dir.dir, "run");
    mkdirSync(join(run, "blackboard"), { recursive: true });
    mkdirSync(join(run, "snapshots", "000_baseline"), { recursive: true });
    writeFileSync(join(run, "snapshots", "000_baseline", "train.py"), "lr = 0.02\n");
    mkdirSync(join(dir.dir, "run-private"));
    writeFileSync(join(dir.dir, "run-private", "train.py"), "SECRET_TOKEN = 'do-not-import'\n");
    writeFileSync(join(run, "blackboard", "results.tsv"), [HEADER, row("000", "", "baseline", "snapshots/000_baseline"), ...rows].join("\n") + "\n");
    setup(dir.dir);
    return { dir, run, db: join(dir.dir, "l.db") };
  }

  async function expectRefused(c: ReturnType<typeof crafted>, message: RegExp) {
    try {
      const r = await runCli(["import", "--from", "recipes", c.run, "--db", c.db]);
      expect(r.stderr).toMatch(message);
      expect(r.code).not.toBe(0);
      expect(r.stdout).not.toContain("SECRET_TOKEN");
      // nothing was stored: the export of any run would be empty; the store holds no trial text with the secret
      const db = tempDbAt(c.db);
      expect(db.count).toBe(0);
      expect(db.secret).toBe(false);
    } finally {
      c.dir.cleanup();
    }
  }

  it("refuses an exp_id that climbs out to a sibling folder whose name shares the prefix", async () => {
    await expectRefused(
      crafted([row("../../run-private", "000", "keep")]),
      /results\.tsv:3 \(exp_id "\.\.\/\.\.\/run-private"\):.*leads outside the snapshots folder/,
    );
  });

  it("refuses a snapshot_path that leaves the source folder", async () => {
    await expectRefused(crafted([row("001", "000", "keep", "../../run-private")]), /results\.tsv:3 \(exp_id "001"\):.*leads outside the source folder/);
  });

  it("refuses a symlinked snapshots/<id> folder", async () => {
    const c = crafted([row("001", "000", "keep")], (root) => symlinkSync(join(root, "run-private"), join(root, "run", "snapshots", "001_opt")));
    await expectRefused(c, /results\.tsv:3 \(exp_id "001"\):.*"snapshots\/001_opt" is a symbolic link/);
  });

  it("refuses a symlink inside a snapshot folder", async () => {
    const c = crafted([row("001", "000", "keep")], (root) => {
      mkdirSync(join(root, "run", "snapshots", "001_opt"));
      symlinkSync(join(root, "run-private", "train.py"), join(root, "run", "snapshots", "001_opt", "train.py"));
    });
    await expectRefused(c, /results\.tsv:3 \(exp_id "001"\):.*001_opt\/train\.py" is a symbolic link/);
  });

  it("still imports a clean folder and its snapshot diffs", async () => {
    const c = crafted([row("001", "exp_000", "keep")], (root) => {
      mkdirSync(join(root, "run", "snapshots", "001_opt"));
      writeFileSync(join(root, "run", "snapshots", "001_opt", "train.py"), "lr = 0.04\n");
    });
    try {
      const r = await runCli(["import", "--from", "recipes", c.run, "--db", c.db]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/trials: 2 \(2 new/);
      const db = tempDbAt(c.db);
      expect(db.count).toBe(2);
      expect(db.secret).toBe(false);
    } finally {
      c.dir.cleanup();
    }
  });
});

/** What a CLI-written store holds: its trial count, and whether any diff carries the private file. */
function tempDbAt(path: string) {
  if (!existsSync(path)) return { count: 0, secret: false };
  const db = new Database(path, { readonly: true });
  try {
    const has = db.prepare("SELECT name FROM sqlite_master WHERE name = 'trials'").get();
    if (!has) return { count: 0, secret: false };
    const count = (db.prepare("SELECT count(*) AS n FROM trials").get() as { n: number }).n;
    const secret = Boolean(db.prepare("SELECT 1 FROM trials WHERE diff LIKE '%SECRET_TOKEN%' OR extra LIKE '%SECRET_TOKEN%'").get());
    return { count, secret };
  } finally {
    db.close();
  }
}

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
      const docs = (s.config as { blackboard?: Record<string, string> }).blackboard ?? {};
      for (const f of ["KNOWLEDGE.md", "LEADERBOARD.md"])
        expect(docs[f]).toBe(readFileSync(sharedFixture("auto-research-recipes", dir, "blackboard", f), "utf8"));
    });
  }

  it("pg_ablation_lineage_on with its parents rewritten as exp_NNN on every other row: the same tree, no placeholder", () => {
    const src = sharedFixture("auto-research-recipes", "pg_ablation_lineage_on", "blackboard", "results.tsv");
    const rows = tsvRecords(src);
    // The test's own reading: each row's parent by exp_id, and the rows whose parent comes later in the file.
    const order = new Map(rows.map((r, i) => [r.exp_id, i]));
    const roots = rows.filter((r) => r.parent_exp === "").map((r) => r.exp_id);
    const late = rows.filter((r, i) => r.parent_exp !== "" && (order.get(r.parent_exp) ?? -1) > i);
    expect(rows.every((r) => r.parent_exp === "" || order.has(r.parent_exp))).toBe(true);
    const dir = tempDir();
    try {
      const board = join(dir.dir, "pg_ablation_lineage_on", "blackboard");
      mkdirSync(board, { recursive: true });
      const [head, ...lines] = readFileSync(src, "utf8").split("\n");
      const rewritten = lines.map((l, i) => (i % 2 === 0 ? l.replace(/^([^\t]*\t[^\t]*\t[^\t]*\t)(\d+)\t(\d+)\t/, "$1exp_$2\texp_$3\t") : l));
      expect(rewritten.filter((l, i) => l !== lines[i]).length).toBeGreaterThan(90);
      writeFileSync(join(board, "results.tsv"), [head, ...rewritten].join("\n"));
      const r = run(join(dir.dir, "pg_ablation_lineage_on"));
      const id = r.run.id;
      expect(r.trials).toMatchObject({ total: rows.length, placeholders: 0 });
      const items = listTrials(store.db, id, ListTrialsQuery.parse({ limit: 500 })).items;
      expect(items).toHaveLength(rows.length);
      expect(items.filter((t) => t.parentIds.length === 0).map((t) => t.id)).toEqual(roots.map((e) => `${id}/${e}`));
      for (const row of rows) {
        const t = items.find((x) => x.id === `${id}/${row.exp_id}`)!;
        expect(t.parentIds).toEqual(row.parent_exp ? [`${id}/${row.parent_exp}`] : []);
      }
      // seq follows the file's order (every parent here comes before its children)
      expect(late).toEqual([]);
      expect(items.map((t) => t.id)).toEqual(rows.map((x) => `${id}/${x.exp_id}`));
      expect(getRunDetail(store.db, id).kind).toBe("ablation");
    } finally {
      dir.cleanup();
    }
  });

  it("through the CLI: every released run's report counts match the file, with no placeholder and its arm", async () => {
    const dir = tempDir();
    try {
      for (const { dir: name, kind } of RUNS) {
        const rows = tsvRecords(sharedFixture("auto-research-recipes", name, "blackboard", "results.tsv"));
        const r = await runCli(["import", "--from", "recipes", sharedFixture("auto-research-recipes", name), "--db", join(dir.dir, "l.db")]);
        expect(r.stderr).toBe("");
        expect(r.stdout).toContain(`trials: ${rows.length} (${rows.length} new, 0 unchanged); kept ${rows.filter((x) => x.status === "keep").length}`);
        expect(r.stdout).not.toMatch(/placeholder/);
        expect(r.stdout).toMatch(new RegExp(`note: arm: ${kind}, feedback lineage`));
      }
    } finally {
      dir.cleanup();
    }
  });

  it("both Parameter Golf arms land under one task", () => {
    const a = run(sharedFixture("auto-research-recipes", "pg_ablation_lineage_on"));
    const b = run(join(import.meta.dirname, "fixtures/importers/recipes/pg_small"));
    expect(a.task.id).toBe("parameter-golf");
    expect(b.task).toMatchObject({ id: "parameter-golf", created: false });
  });
});
