import { describe, expect, it } from "vitest";
import { improvementShares, markNewBests } from "./frontier";

const p = (score: number | null, failure: string | null = null) => ({ score, failure });

describe("markNewBests", () => {
  it("marks trials that beat every earlier one, in the metric's direction", () => {
    const pts = [p(1.5), p(1.6), p(1.4), p(null, "crash"), p(1.4), p(1.3)];
    expect(markNewBests(pts, "minimize")).toEqual([true, false, true, false, false, true]);
    expect(markNewBests(pts, "maximize")).toEqual([true, true, false, false, false, false]);
  });

  it("never counts a failed or unscored trial", () => {
    expect(markNewBests([p(null), p(null, "gate_miss"), p(2)], "minimize")).toEqual([false, false, true]);
  });
});

describe("improvementShares", () => {
  it("splits the total improvement by the agents whose new bests made it", () => {
    const shares = improvementShares([
      { agentId: null, score: 2.0 },
      { agentId: "a", score: 1.7 },
      { agentId: "b", score: 1.6 },
      { agentId: "a", score: 1.0 },
    ]);
    expect(shares.get("a")).toBeCloseTo(0.9, 10);
    expect(shares.get("b")).toBeCloseTo(0.1, 10);
    expect(shares.has(null)).toBe(false);
  });

  it("is empty when the run never improved", () => {
    expect(improvementShares([{ agentId: "a", score: 1 }]).size).toBe(0);
    expect(improvementShares([]).size).toBe(0);
  });
});
