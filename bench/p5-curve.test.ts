import { describe, expect, it } from "vitest";
import { runTrials, trialIdOf } from "./data";
import { runIdOf } from "./p1-ingest";
import { checkCurve, type CurveAnswer } from "./p5-curve";

// A 1,000-trial run's curve as a correct server would send it (every trial, the frontier marked),
// built here by hand so the check can be seen to accept it and to catch each kind of loss.
function fullCurve(size: number): CurveAnswer {
  let best = Infinity;
  const points = [...runTrials({ runId: runIdOf(size), trials: size, seed: size })].map((t) => {
    const newBest = !t.failure && typeof t.score === "number" && t.score < best;
    if (newBest) best = t.score as number;
    return { id: t.id as string, newBest };
  });
  return { evaluated: size, downsampled: false, points };
}

describe("P5's check of the curve against the generated data", () => {
  it("accepts every trial with the frontier marked", () => {
    const check = checkCurve(fullCurve(1000), 1000);
    expect(check.problems).toEqual([]);
    expect(check.newBests).toBeGreaterThan(10);
    expect(check.kept).toBe(check.newBests);
  });

  it("catches a dropped new best, an unmarked one, a lost last trial and too many points", () => {
    const curve = fullCurve(1000);
    const bests = curve.points.filter((p) => p.newBest);
    const dropped = { ...curve, points: curve.points.filter((p) => p.id !== bests[3].id) };
    expect(checkCurve(dropped, 1000).problems.join()).toMatch(/new bests missing/);
    const unmarked = { ...curve, points: curve.points.map((p) => (p.id === bests[5].id ? { ...p, newBest: false } : p)) };
    expect(checkCurve(unmarked, 1000).kept).toBe(bests.length - 1);
    const noLast = { ...curve, points: curve.points.filter((p) => p.id !== trialIdOf(runIdOf(1000), 1000)) };
    expect(checkCurve(noLast, 1000).problems.join()).toMatch(/first\/last/);
    const many = { ...curve, points: [...curve.points, ...curve.points, ...curve.points] };
    expect(checkCurve(many, 1000).problems.join()).toMatch(/3000 points sent/);
  });
});
