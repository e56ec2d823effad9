// `lineage watch` on the folders of running tree searches, as a user runs it: an OpenEvolve output
// folder gaining checkpoints (written file by file, as OpenEvolve does) and an AIDE log folder whose
// journal.json is rewritten whole after each step, with the command a real subprocess that is
// stopped and restarted; what is stored is read back from the database.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../db/client";
import { listRuns } from "../lib/services/catalog";
import { listTrials } from "../lib/services/trials";
import { MIGRATIONS, tempDir } from "./support/temp-db";
import { watchProcess } from "./support/watch-process";

const watch = watchProcess;

/** The trials stored for a run, read from the database as the dashboard reads them. */
function storedTrials(dbPath: string, runId: string) {
  const db = openDatabase(dbPath, { migrationsFolder: MIGRATIONS });
  try {
    return listTrials(db, runId, { limit: 200, sort: "seq" }).items;
  } finally {
    db.$client.close();
  }
}
function storedRuns(dbPath: string) {
  const db = openDatabase(dbPath, { migrationsFolder: MIGRATIONS });
  try {
    return listRuns(db);
  } finally {
    db.$client.close();
  }
}

const settle = () => new Promise((r) => setTimeout(r, 600));

// --- OpenEvolve: checkpoints/checkpoint_N/{programs/<id>.json, metadata.json, best_program_info.json}
type Program = { id: string; parent?: string; score: number; iteration: number; code: string; what: string };
const programJson = (p: Program) =>
  JSON.stringify({
    id: p.id,
    code: p.code,
    language: "python",
    parent_id: p.parent ?? null,
    generation: p.parent ? 1 : 0,
    timestamp: 1000 + p.iteration,
    iteration_found: p.iteration,
    metrics: { combined_score: p.score },
    metadata: { changes: p.what, island: 0 },
    changes_description: p.what,
  });

/** A checkpoint as OpenEvolve writes it: the folder, each program, then metadata, then the best. */
function writeCheckpoint(out: string, n: number, programs: Program[], opts: { stopBeforeMetadata?: boolean } = {}) {
  const dir = join(out, "checkpoints", `checkpoint_${n}`);
  mkdirSync(join(dir, "programs"), { recursive: true });
  for (const p of programs) writeFileSync(join(dir, "programs", `${p.id}.json`), programJson(p));
  const meta = JSON.stringify({
    archive: programs.map((p) => p.id),
    best_program_id: programs.at(-1)!.id,
    last_iteration: n,
    islands: [programs.map((p) => p.id)],
  });
  if (opts.stopBeforeMetadata) return (rest: boolean) => writeFileSync(join(dir, "metadata.json"), rest ? meta : meta.slice(0, 20));
  writeFileSync(join(dir, "metadata.json"), meta);
  writeFileSync(join(dir, "best_program_info.json"), JSON.stringify({ id: programs.at(-1)!.id, metrics: { combined_score: programs.at(-1)!.score } }));
}

const P1: Program = { id: "init-aaa", score: 0.1, iteration: 0, code: "def f():\n    return 1\n", what: "initial program" };
const P2: Program = { id: "prog-bbb", parent: "init-aaa", score: 0.3, iteration: 1, code: "def f():\n    return 2\n", what: "return 2" };
const P3: Program = { id: "prog-ccc", parent: "prog-bbb", score: 0.5, iteration: 2, code: "def f():\n    return 3\n", what: "return 3" };
const P4: Program = { id: "prog-ddd", parent: "init-aaa", score: 0.2, iteration: 3, code: "def f():\n    return 4\n", what: "return 4" };
const P5: Program = { id: "prog-eee", parent: "prog-ccc", score: 0.7, iteration: 4, code: "def f():\n    return 5\n", what: "return 5" };

describe("lineage watch --from openevolve", () => {
  let dir: ReturnType<typeof tempDir>;
  beforeAll(() => (dir = tempDir()));
  afterAll(() => dir.cleanup());

  it("imports each checkpoint once it is complete, keeps evicted programs, and resumes without writing twice", async () => {
    const db = join(dir.dir, "evo.db");
    const out = join(dir.dir, "evo-night");
    mkdirSync(out);
    const first = watch(db, "openevolve", out);
    await first.until("the wait for a checkpoint", () => first.events().some((e) => e.event === "waiting"));

    // checkpoint_1 with its metadata half-written: waited for, nothing imported, no problem
    const finish = writeCheckpoint(out, 1, [P1, P2], { stopBeforeMetadata: true })!;
    finish(false);
    await first.until("the wait for the half-written checkpoint", () =>
      first.events().some((e) => e.event === "waiting" && /checkpoint_1 is being written/.test(e.why)),
    );
    await settle();
    expect(first.events().filter((e) => e.event === "imported" || e.event === "problem")).toEqual([]);
    finish(true);
    await first.until("checkpoint_1", () => first.created() === 2);
    const runId = first.events().find((e) => e.event === "imported")!.runId as string;
    expect(runId).toMatch(/^openevolve-/);

    // checkpoint_2 no longer holds the initial program (evicted): it stays, and P4's parent is it
    writeCheckpoint(out, 2, [P2, P3, P4]);
    await first.until("checkpoint_2", () => first.created() === 4);
    expect(await first.stop()).toBe(0);
    expect(first.events().filter((e) => e.event === "problem")).toEqual([]);
    expect(first.events().at(-1)).toMatchObject({ event: "stopped", runId });

    // a checkpoint written while nobody watches arrives on restart; nothing is written twice
    writeCheckpoint(out, 3, [P3, P4, P5]);
    const second = watch(db, "openevolve", out);
    await second.until("checkpoint_3", () => second.created() === 1);
    await settle();
    expect(second.events().filter((e) => e.event === "imported")).toEqual([expect.objectContaining({ runId, created: 1, total: 5 })]);
    expect(second.events().filter((e) => e.event === "problem")).toEqual([]);

    const trials = storedTrials(db, runId);
    expect(trials.map((t) => t.hypothesis)).toEqual(["initial program", "return 2", "return 3", "return 4", "return 5"]);
    const idOf = (h: string) => trials.find((t) => t.hypothesis === h)!.id;
    expect(trials.find((t) => t.hypothesis === "return 4")!.parentIds).toEqual([idOf("initial program")]);
    expect(trials.find((t) => t.hypothesis === "return 5")).toMatchObject({ score: 0.7, parentIds: [idOf("return 3")] });
    expect(storedRuns(db).find((r) => r.id === runId)!.status).toBe("running");

    // the output folder replaced by another search: reported, followed as a new run, the old one kept
    // (its first checkpoint seen half-written first: the rewrite is still reported once it is complete)
    rmSync(join(out, "checkpoints"), { recursive: true });
    const finishOther = writeCheckpoint(out, 1, [{ ...P1, id: "init-zzz", what: "another search" }], { stopBeforeMetadata: true })!;
    finishOther(false);
    await second.until("the wait for the new checkpoint_1", () =>
      second.events().some((e) => e.event === "waiting" && /checkpoint_1 is being written/.test(e.why)),
    );
    finishOther(true);
    await second.until("the replacement report", () => second.events().some((e) => e.event === "rewritten"));
    expect(second.events().find((e) => e.event === "rewritten")).toMatchObject({ how: "replaced" });
    await second.until("the new run", () => second.events().some((e) => e.event === "imported" && e.runId !== runId));
    expect(await second.stop()).toBe(0);
    expect(storedTrials(db, runId)).toHaveLength(5);
    const runs = storedRuns(db);
    expect(runs).toHaveLength(2);
    expect(runs.find((r) => r.id === runId)!.status).toBe("paused");
  }, 120_000);
});

// --- AIDE: logs/<exp>/journal.json, {nodes, node2parent}, rewritten whole after each step
const node = (i: number, parent?: number) => ({
  id: `node-${i}`,
  step: i,
  plan: `plan ${i}`,
  code: `x = ${i}\n`,
  ctime: 1760000000 + i,
  _term_out: [`step ${i}\n`],
  exec_time: 1.5,
  exc_type: null,
  exc_info: null,
  analysis: `analysis ${i}`,
  metric: { value: 1 - i / 10, maximize: false },
  is_buggy: false,
  ...(parent === undefined ? {} : { parent_hint: parent }),
});
const journal = (nodes: ReturnType<typeof node>[], parents: Record<number, number> = {}) =>
  JSON.stringify({ nodes, node2parent: Object.fromEntries(Object.entries(parents).map(([c, p]) => [`node-${c}`, `node-${p}`])), __version: "2" });

describe("lineage watch --from aide", () => {
  let dir: ReturnType<typeof tempDir>;
  beforeAll(() => (dir = tempDir()));
  afterAll(() => dir.cleanup());

  it("imports each rewrite of journal.json, waits for a half-written one, and resumes without writing twice", async () => {
    const db = join(dir.dir, "aide.db");
    const logs = join(dir.dir, "logs", "house-prices");
    mkdirSync(logs, { recursive: true });
    const file = join(logs, "journal.json");
    const first = watch(db, "aide", logs);
    await first.until("the wait for a journal", () => first.events().some((e) => e.event === "waiting"));

    writeFileSync(file, journal([node(0), node(1)], { 1: 0 }));
    await first.until("two nodes", () => first.created() === 2);
    const runId = first.events().find((e) => e.event === "imported")!.runId as string;
    expect(runId).toMatch(/^aide-/);

    // open("w") then a write: a look between the two finds a half-written journal
    const next = journal([node(0), node(1), node(2)], { 1: 0, 2: 1 });
    writeFileSync(file, next.slice(0, Math.floor(next.length / 2)));
    await first.until("the wait for the half-written journal", () => first.events().some((e) => e.event === "waiting" && /being written/.test(e.why)));
    await settle();
    expect(first.events().filter((e) => e.event === "problem")).toEqual([]);
    writeFileSync(file, next);
    await first.until("node 2", () => first.created() === 3);
    expect(await first.stop()).toBe(0);

    writeFileSync(file, journal([node(0), node(1), node(2), node(3)], { 1: 0, 2: 1, 3: 1 }));
    const second = watch(db, "aide", logs);
    await second.until("node 3", () => second.created() === 1);
    expect(second.events().filter((e) => e.event === "imported")).toEqual([expect.objectContaining({ runId, created: 1, total: 4 })]);

    // a journal that lost nodes is reported; what was recorded stays
    writeFileSync(file, journal([node(0)]));
    await second.until("the truncation report", () => second.events().some((e) => e.event === "rewritten"));
    expect(second.events().find((e) => e.event === "rewritten")).toMatchObject({ how: "truncated", runId, rows: 1 });
    expect(await second.stop()).toBe(0);
    expect(second.events().filter((e) => e.event === "problem")).toEqual([]);

    const trials = storedTrials(db, runId);
    expect(trials.map((t) => t.hypothesis)).toEqual(["plan 0", "plan 1", "plan 2", "plan 3"]);
    const idOf = (h: string) => trials.find((t) => t.hypothesis === h)!.id;
    expect(trials.find((t) => t.hypothesis === "plan 3")).toMatchObject({ parentIds: [idOf("plan 1")], score: 0.7 });
    expect(storedRuns(db)).toHaveLength(1);
  }, 120_000);
});
