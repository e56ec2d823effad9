import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDb } from "../../tests/support/temp-db";
import { run, smallTrace, task, toJsonl, trial } from "../../tests/support/traces";
import type { Db } from "../../db/client";
import { parseTraceText } from "../domain/jsonl";
import { ingestTrace } from "./ingest-trace";
import { listRuns } from "./catalog";
import { verifyRun } from "./verify-run";

const opts = { logTailChars: 1000 };
const ingest = (db: Db, records: unknown[]) => ingestTrace(db, parseTraceText(toJsonl(records)), opts);
const count = (db: Db, table: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe("ingestTrace", () => {
  let t: ReturnType<typeof tempDb>;
  beforeEach(() => (t = tempDb()));
  afterEach(() => t.cleanup());

  it("stores every record and reports counts and ids", () => {
    const r = ingest(t.db, smallTrace());
    expect(r.created).toEqual({ task: 1, run: 1, agent: 2, trial: 4, verdict: 1, event: 1 });
    expect(r.ids.trial).toEqual(["t0", "t1", "t2", "t3"]);
    expect(count(t.db, "trial_parents")).toBe(4);
  });

  it("is idempotent for an identical re-send", () => {
    ingest(t.db, smallTrace());
    const again = ingest(t.db, smallTrace());
    expect(again.created.trial).toBe(0);
    expect(again.unchanged).toEqual({ task: 1, run: 1, agent: 2, trial: 4, verdict: 1, event: 1 });
    expect(count(t.db, "trials")).toBe(4);
  });

  it("refuses a conflicting re-use of an id and stores nothing of the batch", () => {
    ingest(t.db, smallTrace());
    expect(() => ingest(t.db, [trial("t9", { parentIds: ["t0"], score: 1 }), trial("t1", { parentIds: ["t0"], score: 9 })])).toThrow(
      /line 2: trial "t1" already exists with different content/,
    );
    expect(count(t.db, "trials")).toBe(4);
  });

  it("refuses a parent that does not exist, naming the line and field", () => {
    expect(() => ingest(t.db, [...smallTrace(), trial("t4", { parentIds: ["nope"] })])).toThrow(/line 11: parentIds\[0\]: trial "nope" does not exist/);
    expect(count(t.db, "tasks")).toBe(0);
  });

  it("assigns seq in order and chains evaluated trials", () => {
    ingest(t.db, smallTrace());
    const rows = t.db.$client.prepare("SELECT id, seq, prev_hash, hash, is_best FROM trials ORDER BY seq").all() as any[];
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(rows[0].prev_hash).toBe("0".repeat(64));
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    expect(rows.map((r) => r.is_best)).toEqual([1, 1, 0, 0]);
  });

  it("keeps only the tail of a long log", () => {
    ingest(t.db, [...smallTrace(), trial("t5", { parentIds: ["t0"], failure: "crash", log: "x".repeat(5000) + "END" })]);
    const log = (t.db.$client.prepare("SELECT log FROM trials WHERE id = 't5'").get() as { log: string }).log;
    expect(log.endsWith("END")).toBe(true);
    expect(log).toMatch(/^\[lineage: 4003 characters cut from the start\]/);
  });
});

describe("trial outcomes", () => {
  let t: ReturnType<typeof tempDb>;
  beforeEach(() => (t = tempDb()));
  afterEach(() => t.cleanup());

  it("completes a proposed trial once, then holds its outcome immutable", () => {
    ingest(t.db, smallTrace());
    ingest(t.db, [trial("p1", { parentIds: ["t1"], status: "proposed" })]);
    const done = ingest(t.db, [trial("p1", { parentIds: ["t1"], score: 1.3 })]);
    expect(done.completed).toBe(1);
    const row = t.db.$client.prepare("SELECT seq, status, score, hash, is_best FROM trials WHERE id = 'p1'").get() as any;
    expect(row).toMatchObject({ seq: 5, status: "evaluated", score: 1.3, is_best: 1 });
    expect(() => ingest(t.db, [trial("p1", { parentIds: ["t1"], score: 1.0 })])).toThrow(/already exists with different content/);
    expect(() => t.db.$client.prepare("UPDATE trials SET score = 0 WHERE id = 'p1'").run()).toThrow(/immutable/);
    expect(() => t.db.$client.prepare("DELETE FROM trials WHERE id = 'p1'").run()).toThrow(/cannot be deleted/);
  });

  it("refuses a score on a trial that is not evaluated yet", () => {
    ingest(t.db, smallTrace());
    expect(() => ingest(t.db, [trial("p2", { parentIds: ["t1"], status: "running", score: 1 })])).toThrow(/carries no score/);
  });

  it("refuses evaluating a trial out of seq order, since the chain runs by seq", () => {
    ingest(t.db, smallTrace());
    expect(() => ingest(t.db, [trial("late", { parentIds: ["t1"], seq: 2, score: 1 })])).toThrow(/seq 2 of run "run-1" is already trial "t1"/);
    ingest(t.db, [trial("p3", { parentIds: ["t1"], status: "proposed" })]); // seq 5
    ingest(t.db, [trial("p4", { parentIds: ["t1"], score: 1.2 })]); // seq 6
    expect(() => ingest(t.db, [trial("p3", { parentIds: ["t1"], score: 1.1 })])).toThrow(/evaluated after seq 6/);
  });

  it("moves a live run a client logs on to its next status, and never a finished one back", () => {
    const [taskRec] = smallTrace();
    ingest(t.db, [taskRec, run("live", "golf", { status: "running", startedAt: "2026-01-01T00:00:00Z" })]);
    const done = ingest(t.db, [run("live", "golf", { status: "finished", startedAt: "2026-01-01T00:00:00Z", finishedAt: "2026-01-01T01:00:00Z" })]);
    expect(done.completed).toBe(1);
    expect(listRuns(t.db).find((r) => r.id === "live")).toMatchObject({ status: "finished", finishedAt: "2026-01-01T01:00:00Z" });
    // finished is final; and a status change may not carry other changes with it
    expect(() => ingest(t.db, [run("live", "golf", { status: "running", startedAt: "2026-01-01T00:00:00Z" })])).toThrow(
      /run "live" already exists with different content/,
    );
    ingest(t.db, [run("live2", "golf", { status: "running" })]);
    expect(() => ingest(t.db, [run("live2", "golf", { status: "finished", name: "renamed" })])).toThrow(/run "live2" already exists with different content/);
    expect(listRuns(t.db).find((r) => r.id === "live2")).toMatchObject({ status: "running", name: "Run live2" });
  });

  it("uses the task's declared baseline until the run measures its own", () => {
    const [taskRec, ...rest] = smallTrace();
    ingest(t.db, [{ ...taskRec, baselineScore: 2 }, ...rest.slice(0, 1)]);
    expect(listRuns(t.db)[0].summary).toMatchObject({ baselineScore: 2, baselineIsMeasured: false, bestScore: null, improvementPct: null });
    ingest(t.db, rest.slice(1));
    expect(listRuns(t.db)[0].summary).toMatchObject({ baselineScore: 1.5, baselineIsMeasured: true, bestScore: 1.4 });
  });
});

it("derives each scored trial's change against its first parent", () => {
  const t = tempDb();
  try {
    ingest(t.db, smallTrace());
    const rows = t.db.$client.prepare("SELECT id, delta_vs_parent AS d FROM trials ORDER BY seq").all() as { id: string; d: number | null }[];
    expect(rows[0].d).toBeNull(); // the baseline has no parent
    expect(rows[1].d).toBeCloseTo(-0.1, 10);
    expect(rows[2].d).toBeNull(); // a crash has no score
    expect(rows[3].d).toBeCloseTo(0.05, 10); // against t1, its first parent
  } finally {
    t.cleanup();
  }
});

it("treats an explicit null like an absent field when a trial is re-sent", () => {
  const t = tempDb();
  try {
    const records = [
      ...smallTrace().slice(0, 4),
      trial("t0", { parentIds: [], score: 1.5, hypothesis: "", failure: null }),
      trial("f1", { parentIds: ["t0"], failure: "crash", score: null }),
    ];
    ingest(t.db, records);
    const again = ingest(t.db, records);
    expect(again.unchanged.trial).toBe(2);
    expect(again.created.trial).toBe(0);
  } finally {
    t.cleanup();
  }
});

it("chains a bulk batch exactly as it chains the same trials sent one at a time", () => {
  // a batch this size is hashed from a worker thread's segments; one trial alone is hashed in place
  const trials = Array.from({ length: 40 }, (_, i) =>
    trial(`b${i}`, {
      parentIds: i ? [`b${i - 1}`] : [],
      contextRefs: i > 1 ? [`b${i - 2}`] : [],
      score: 2 - i / 100,
      diff: `--- a/x\n+++ b/x\n+ "${i}" é \u2028 \u0001 \ud800\n`, // a lone surrogate is stored, and so hashed, as U+FFFD
      log: i % 3 ? undefined : `${"x".repeat(3000)} end ${i}`, // over the log cap: cut before it is hashed
    }),
  );
  const bulk = tempDb();
  const single = tempDb();
  try {
    ingest(bulk.db, [task(), run(), ...trials]);
    ingest(single.db, [task(), run()]);
    for (const t of trials) ingest(single.db, [t]);
    const hashes = (db: Db) => db.$client.prepare("SELECT id, seq, log, prev_hash, hash FROM trials ORDER BY seq").all();
    expect(hashes(bulk.db)).toEqual(hashes(single.db));
    expect(verifyRun(bulk.db, "run-1")).toMatchObject({ intact: true, checked: 40 });
  } finally {
    bulk.cleanup();
    single.cleanup();
  }
});

it("refuses a bulk batch whose exported chain was altered, naming the trial, and stores nothing", () => {
  // re-imported records carry their hashes; in a batch this size the worker hashes them for the check
  const source = tempDb();
  const target = tempDb();
  try {
    const trials = Array.from({ length: 30 }, (_, i) => trial(`c${i}`, { parentIds: i ? [`c${i - 1}`] : [], score: 3 - i / 10 }));
    ingest(source.db, [task(), run(), ...trials]);
    const sealed = source.db.$client.prepare("SELECT id, seq, prev_hash AS prevHash, hash FROM trials ORDER BY seq").all() as {
      id: string;
      seq: number;
      prevHash: string;
      hash: string;
    }[];
    const exported = trials.map((t, i) => ({ ...t, seq: sealed[i].seq, prevHash: sealed[i].prevHash, hash: sealed[i].hash }));
    exported[20] = { ...exported[20], hypothesis: "rewritten after the fact" };
    expect(() => ingest(target.db, [task(), run(), ...exported])).toThrow(/trial "c20" \(seq 21\): its hash does not match its content/);
    expect(count(target.db, "trials")).toBe(0);
    exported[20] = { ...exported[20], hypothesis: trials[20].hypothesis };
    ingest(target.db, [task(), run(), ...exported]);
    expect(verifyRun(target.db, "run-1")).toMatchObject({ intact: true, checked: 30 });
  } finally {
    source.cleanup();
    target.cleanup();
  }
});
