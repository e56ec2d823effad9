import { describe, expect, it } from "vitest";
import { runPayoff, windowCount, type PayoffTrial } from "./payoff";

const t = (seq: number, o: Partial<PayoffTrial>): PayoffTrial => ({
  seq,
  agent: "opt",
  surface: "optimizer",
  domains: [],
  score: null,
  failure: null,
  deltaVsParent: null,
  expectedDelta: null,
  proposal: true,
  ...o,
});

// minimize: 10 → 9 (A) → crash (B) → 8.5 (A and B) → 8.7 (B, not a best)
const run = [
  t(1, { score: 10, proposal: false, agent: null, surface: null }),
  t(2, { score: 9, domains: ["A"], deltaVsParent: -1, expectedDelta: -0.5 }),
  t(3, { failure: "crash", domains: ["B"], agent: "arch", surface: "architecture" }),
  t(4, { score: 8.5, domains: ["A", "B"], deltaVsParent: -0.5, expectedDelta: -0.1, agent: "arch", surface: "architecture" }),
  t(5, { score: 8.7, domains: ["B"], deltaVsParent: 0.2, agent: "arch", surface: "architecture" }),
];

describe("runPayoff", () => {
  it("gives each domain the distance its new bests moved the best, a shared trial split evenly, summing to the run's improvement", () => {
    const p = runPayoff(run, "minimize", "domain");
    expect(p.totalGain).toBeCloseTo(1.5);
    const by = Object.fromEntries(p.groups.map((g) => [g.key, g]));
    expect(by.A.gain).toBeCloseTo(1.25);
    expect(by.B.gain).toBeCloseTo(0.25);
    expect(by.A.proposals).toBeCloseTo(1.5);
    expect(by.A.hitRate).toBeCloseTo(1);
    expect(by.B.proposals).toBeCloseTo(2.5);
    expect(by.B.hitRate).toBeCloseTo(0.2);
    expect(by.B.failures).toBeCloseTo(1);
    expect(p.groups.map((g) => g.key)).toEqual(["A", "B"]); // largest gain first
  });

  it("groups by agent and by surface, leaving the baseline out of the proposals", () => {
    const byAgent = runPayoff(run, "minimize", "agent");
    expect(byAgent.groups.map((g) => [g.key, g.proposals, g.newBests, g.gain])).toEqual([
      ["opt", 1, 1, 1],
      ["arch", 3, 1, 0.5],
    ]);
    expect(runPayoff(run, "minimize", "surface").groups.map((g) => g.key)).toEqual(["optimizer", "architecture"]);
  });

  it("reads the direction: the same scores maximised make other trials the new bests", () => {
    const p = runPayoff(run, "maximize", "agent");
    expect(p.totalGain).toBe(0); // nothing beat the baseline's 10
    expect(p.groups.every((g) => g.newBests === 0)).toBe(true);
  });

  it("pairs each scored proposal's expected Δ with its measured Δ", () => {
    expect(runPayoff(run, "minimize", "agent").predictions).toEqual([
      { seq: 2, agent: "opt", expected: -0.5, measured: -1 },
      { seq: 4, agent: "arch", expected: -0.1, measured: -0.5 },
    ]);
  });

  it("splits proposals into about ten windows whose gains add up to the total", () => {
    const long = [
      t(1, { score: 100, proposal: false }),
      ...Array.from({ length: 120 }, (_, i) => t(i + 2, { score: 100 - (i % 7 === 0 ? i : 0), domains: ["A"] })),
    ];
    const p = runPayoff(long, "minimize", "domain");
    expect(windowCount(120)).toBe(10);
    expect(p.windows).toHaveLength(10);
    expect(p.windows[0].fromSeq).toBe(2);
    expect(p.windows.at(-1)!.toSeq).toBe(121);
    expect(p.windows.reduce((a, w) => a + w.gains.A, 0)).toBeCloseTo(p.totalGain);
  });
});
