import { describe, expect, it } from "vitest";
import { trial } from "../../tests/support/traces";
import { GENESIS_HASH, hashTrial } from "../domain/hash-chain";
import type { ParsedLine } from "../domain/jsonl";
import { TrialRecord } from "../domain/trace";
import { TrialPrehash, type ChainStart } from "./trial-prehash";

const evaluated = (i: number, extra: Record<string, unknown> = {}) =>
  TrialRecord.parse(trial(`t${i}`, { status: "evaluated", score: i / 7, parentIds: i > 0 ? [`t${i - 1}`] : [], ...extra }));

/** Trials with what canonical JSON must get right: escapes, non-ASCII text, key order, big diffs. */
const awkward = (n: number, from = 0) =>
  Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return evaluated(i, {
      diff: i % 10 === 3 ? '+ line \\ "q" é\n'.repeat(20_000) : `--- a/x\n+++ b/x\n+\t"${i}" \u0001 \ud83d\ude00 \u2028\n`,
      metrics: { "10": i, "9": -i, z: 0.1 },
      extra: { nested: { b: [1, null, { d: "\u0000" }], a: "é".repeat(i) } },
      log: i % 2 ? "x".repeat(i * 100) : undefined,
      ...(i % 5 === 4 ? { failure: "crash", score: null } : { failure: null }),
    });
  });

const linesOf = (records: TrialRecord[]): ParsedLine[] => records.map((record, i) => ({ line: i + 1, record }));
const fresh = () => undefined; // runs with nothing stored yet

/** Stores the lines' trials as the ingest does: each takes the next seq, each evaluated one the next chain place. */
function chainThrough(prehash: TrialPrehash, lines: Iterable<ParsedLine>, start: ChainStart = { head: GENESIS_HASH, lastSeq: 0 }) {
  let { head, lastSeq } = start;
  const wrong: string[] = [];
  for (const { record } of prehash.lines(lines)) {
    const r = record as TrialRecord;
    const seq = r.seq ?? lastSeq + 1;
    lastSeq = Math.max(lastSeq, seq);
    if (r.status !== "evaluated") continue;
    const t = { ...r, seq, prevHash: head };
    head = prehash.hash(record, t);
    if (head !== hashTrial(t)) wrong.push(r.id);
  }
  return wrong;
}

describe("trials hashed by a worker thread ahead of their turn", () => {
  it("hashes every trial as hashTrial does, at the place in the chain the worker foresaw", () => {
    const prehash = new TrialPrehash((r) => r, fresh);
    expect(chainThrough(prehash, linesOf(awkward(40)))).toEqual([]);
    expect(prehash.hashedByWorker).toBe(40);
  });

  it("foresees a run's chain from where it stood, and past trials that only take a seq", () => {
    const start = { head: "ab".repeat(32), lastSeq: 500 };
    const records = awkward(30).map((r, i) => (i % 7 === 2 ? TrialRecord.parse(trial(r.id, { status: "proposed" })) : r));
    const prehash = new TrialPrehash(
      (r) => r,
      () => start,
    );
    expect(chainThrough(prehash, linesOf(records), start)).toEqual([]);
    expect(prehash.hashedByWorker).toBe(records.filter((r) => r.status === "evaluated").length);
  });

  it("hashes a trial here when its place is not the one foreseen", () => {
    const prehash = new TrialPrehash(
      (r) => r,
      () => ({ head: GENESIS_HASH, lastSeq: 0 }),
    );
    expect(chainThrough(prehash, linesOf(awkward(20)), { head: GENESIS_HASH, lastSeq: 99 })).toEqual([]);
    expect(prehash.hashedByWorker).toBe(0);
  });

  it("hashes the trial as prepared, not as sent, when preparing changes it", () => {
    const prepare = (r: TrialRecord) => ({ ...r, log: "cut" });
    const prehash = new TrialPrehash(prepare, fresh);
    let head = GENESIS_HASH;
    for (const { line, record } of prehash.lines(linesOf(awkward(12)))) {
      const t = { ...prepare(record as TrialRecord), seq: line, prevHash: head };
      head = prehash.hash(record, t);
      expect(head).toBe(hashTrial(t));
    }
    expect(prehash.hashedByWorker).toBe(12);
  });

  it("hashes a handful of trials here, without a worker", () => {
    const prehash = new TrialPrehash((r) => r, fresh);
    expect(chainThrough(prehash, linesOf(awkward(3)))).toEqual([]);
    expect(prehash.hashedByWorker).toBe(0);
  });

  it("fails a line that did not parse at its turn, after the lines before it", () => {
    const records = awkward(30);
    function* source(): Generator<ParsedLine> {
      yield* linesOf(records.slice(0, 20));
      throw new Error("line 21: not JSON");
    }
    const prehash = new TrialPrehash((r) => r, fresh);
    const seen: number[] = [];
    expect(() => {
      for (const { line } of prehash.lines(source())) seen.push(line);
    }).toThrow("line 21: not JSON");
    expect(seen).toEqual(records.slice(0, 20).map((_, i) => i + 1));
  });

  it("leaves nothing behind from a batch that stopped early", () => {
    const first = new TrialPrehash((r) => r, fresh);
    for (const { line } of first.lines(linesOf(awkward(40)))) if (line === 5) break;
    const second = new TrialPrehash((r) => r, fresh);
    expect(chainThrough(second, linesOf(awkward(40, 100)))).toEqual([]);
    expect(second.hashedByWorker).toBe(40);
  });
});
