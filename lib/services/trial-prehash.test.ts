import { describe, expect, it } from "vitest";
import { trial } from "../../tests/support/traces";
import { hashTrial } from "../domain/hash-chain";
import type { ParsedLine } from "../domain/jsonl";
import { TrialRecord } from "../domain/trace";
import { TrialPrehash } from "./trial-prehash";

const evaluated = (i: number, extra: Record<string, unknown> = {}) =>
  TrialRecord.parse(trial(`t${i}`, { status: "evaluated", score: i / 7, parentIds: i > 0 ? [`t${i - 1}`] : [], ...extra }));

/** Trials with what canonical JSON must get right: escapes, non-ASCII text, lone surrogates, key order, big diffs. */
const awkward = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    evaluated(i, {
      diff: i % 10 === 3 ? '+ line \\ "q" é\n'.repeat(20_000) : `--- a/x\n+++ b/x\n+\t"${i}" \u0001 \ud83d\ude00 \ud800 \u2028\n`,
      metrics: { "10": i, "9": -i, z: 0.1 },
      extra: { nested: { b: [1, null, { d: "\u0000" }], a: "é".repeat(i) } },
      log: i % 2 ? "x".repeat(i * 100) : undefined,
      ...(i % 5 === 4 ? { failure: "crash", score: null } : { failure: null }),
    }),
  );

const linesOf = (records: TrialRecord[]): ParsedLine[] => records.map((record, i) => ({ line: i + 1, record }));
const placed = (t: TrialRecord, seq: number) => ({ ...t, seq, prevHash: seq.toString(16).padStart(64, "0") });

describe("trials hashed from segments a worker thread cut ahead of their turn", () => {
  it("hashes every trial as hashTrial does, and the worker cut them", () => {
    const prehash = new TrialPrehash((r) => r);
    const lines = linesOf(awkward(40));
    const seen: number[] = [];
    for (const { line, record } of prehash.lines(lines)) {
      seen.push(line);
      const t = placed(record as TrialRecord, line);
      expect(prehash.hash(record, t)).toBe(hashTrial(t));
    }
    expect(seen).toEqual(lines.map((l) => l.line));
    expect(prehash.cutByWorker).toBe(40);
  });

  it("hashes the trial as prepared, not as sent, when preparing changes it", () => {
    const prepare = (r: TrialRecord) => ({ ...r, log: "cut" });
    const prehash = new TrialPrehash(prepare);
    for (const { line, record } of prehash.lines(linesOf(awkward(12)))) {
      const t = placed(prepare(record as TrialRecord), line);
      expect(prehash.hash(record, t)).toBe(hashTrial(t));
    }
    expect(prehash.cutByWorker).toBe(12);
  });

  it("hashes a handful of trials here, without a worker", () => {
    const prehash = new TrialPrehash((r) => r);
    for (const { line, record } of prehash.lines(linesOf(awkward(3)))) {
      const t = placed(record as TrialRecord, line);
      expect(prehash.hash(record, t)).toBe(hashTrial(t));
    }
    expect(prehash.cutByWorker).toBe(0);
  });

  it("fails a line that did not parse at its turn, after the lines before it", () => {
    const records = awkward(30);
    function* source(): Generator<ParsedLine> {
      yield* linesOf(records.slice(0, 20));
      throw new Error("line 21: not JSON");
    }
    const prehash = new TrialPrehash((r) => r);
    const seen: number[] = [];
    expect(() => {
      for (const { line } of prehash.lines(source())) seen.push(line);
    }).toThrow("line 21: not JSON");
    expect(seen).toEqual(records.slice(0, 20).map((_, i) => i + 1));
  });

  it("leaves nothing behind from a batch that stopped early", () => {
    const first = new TrialPrehash((r) => r);
    for (const { line } of first.lines(linesOf(awkward(40)))) if (line === 5) break;
    const second = new TrialPrehash((r) => r);
    const records = awkward(40).map((r) => ({ ...r, hypothesis: `again ${r.id}` }));
    for (const { line, record } of second.lines(linesOf(records))) {
      const t = placed(record as TrialRecord, line);
      expect(second.hash(record, t)).toBe(hashTrial(t));
    }
    expect(second.cutByWorker).toBe(40);
  });
});
