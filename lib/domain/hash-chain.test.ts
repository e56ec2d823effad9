import { describe, expect, it } from "vitest";
import { canonicalJson, sha256Hex, sha256OfCanonical } from "./canonical";
import { GENESIS_HASH, hashTrial, sealTrial, verifyChain } from "./hash-chain";
import { TrialRecord } from "./trace";

const trial = (id: string, seq: number, extra: Record<string, unknown> = {}) =>
  TrialRecord.parse({ schema: "lineage-trace/1", type: "trial", id, runId: "r", seq, hypothesis: `h ${id}`, score: seq, ...extra });

function chainOf(n: number) {
  const out = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const t = sealTrial(trial(`t${i}`, i), prev);
    out.push(t);
    prev = t.hash!;
  }
  return out;
}

describe("canonical JSON", () => {
  it("sorts keys at every depth and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });
});

it("hashes the canonical form whether streamed or built whole", () => {
  const value = { z: [1, "two", null, { b: true, a: -0.5 }], a: "d\u0000iff \u202E <x>", m: {} };
  expect(sha256OfCanonical(value)).toBe(sha256Hex(canonicalJson(value)));
});

describe("hash chain", () => {
  it("hashes independently of key order and of absent-vs-null fields", () => {
    const a = trial("x", 1, { failure: null });
    const b = { ...trial("x", 1) } as TrialRecord;
    expect(hashTrial(a)).toBe(hashTrial(b));
    expect(hashTrial(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("verifies an intact chain", () => {
    expect(verifyChain(chainOf(5))).toMatchObject({ intact: true, checked: 5 });
  });

  it("names the first trial whose content changed", () => {
    const chain = chainOf(5);
    chain[2] = { ...chain[2], hypothesis: "rewritten" };
    expect(verifyChain(chain)).toMatchObject({ intact: false, firstBreak: { trialId: "t3", seq: 3, reason: "hash_mismatch" } });
  });

  it("names the trial after a removed one", () => {
    const chain = chainOf(5);
    chain.splice(1, 1);
    expect(verifyChain(chain)).toMatchObject({ intact: false, firstBreak: { trialId: "t3", reason: "prev_hash_mismatch" } });
  });
});
