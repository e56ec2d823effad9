import { describe, expect, it } from "vitest";
import { canonicalJson, canonicalSegments, sha256Hex, sha256OfCanonical } from "./canonical";
import { GENESIS_HASH, hashTrial, sealTrial, TRIAL_HASH_CUT, verifyChain } from "./hash-chain";
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

describe("a trial cut into segments before its chain place is known", () => {
  const awkward = [
    trial("plain", 1),
    trial("full", 7, {
      agentId: "a",
      parentIds: ["p1", "p0"],
      contextRefs: ["c"],
      diff: '--- a/x\n+++ b/x\n+ "quoted" \\ back\t\u0001 \ud800 lone \u{1F600} \u202E',
      metrics: { "10": 1, "9": 2, b: 3 },
      extra: { "": "empty key", "2": 0, nested: { z: null, a: [1, null], deep: [{}, []] } },
      failure: null,
      log: "é".repeat(300),
      score: -0.000001,
      kept: false,
    }),
    trial("first-keys-only", 3, { agentId: "0" }),
  ];

  /** The segments joined with the chain place's JSON, as the ingest's worker hashes them. */
  const joined = (t: TrialRecord, prevHash: string, seq: number) => {
    const [beforePrev, beforeSeq, rest] = canonicalSegments(t, TRIAL_HASH_CUT);
    return `${beforePrev}${JSON.stringify(prevHash)}${beforeSeq}${JSON.stringify(seq)}${rest}`;
  };

  it("gives the same hash as the whole record, whatever its fields", () => {
    for (const t of awkward) {
      for (const [prevHash, seq] of [[GENESIS_HASH, 1] as const, ["ab".repeat(32), 123456] as const]) {
        expect(sha256Hex(joined(t, prevHash, seq))).toBe(hashTrial({ ...t, prevHash, seq }));
      }
    }
  });

  it("leaves out the hash, prevHash and seq the record already carries", () => {
    const sealed = sealTrial(awkward[1], GENESIS_HASH);
    expect(canonicalSegments(sealed, TRIAL_HASH_CUT)).toEqual(canonicalSegments(awkward[1], TRIAL_HASH_CUT));
    expect(sha256Hex(joined(sealed, sealed.prevHash!, sealed.seq!))).toBe(sealed.hash);
  });
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
