import { describe, expect, it } from "vitest";
import { downsampleCurve } from "./downsample";
import { markNewBests } from "./frontier";
import { FAILURE_LABELS } from "./failures";

/** A noisy, slowly improving run with failures of every label sprinkled in (deterministic). */
function run(n: number) {
  let x = 12345;
  const rand = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, (_, i) => {
    const r = rand();
    if (r < 0.15) return { score: null, failure: FAILURE_LABELS[i % FAILURE_LABELS.length] };
    return { score: 2 - Math.log1p(i) * 0.05 + rand() * 0.3, failure: null as string | null };
  });
}

describe("downsampleCurve", () => {
  it("keeps everything when it fits", () => {
    const pts = run(500);
    expect(downsampleCurve(pts, markNewBests(pts, "minimize"), 2000)).toEqual(pts.map((_, i) => i));
  });

  it.each([10_000, 100_000])("cuts %i points to at most 2,000, keeping every new best, the ends and each window's extremes", (n) => {
    const pts = run(n);
    const best = markNewBests(pts, "minimize");
    const kept = downsampleCurve(pts, best, 2000);
    expect(kept.length).toBeLessThanOrEqual(2000);
    expect(kept.length).toBeGreaterThan(1500); // uses the budget, not a handful of points
    const set = new Set(kept);
    best.forEach((b, i) => b && expect(set.has(i)).toBe(true));
    expect(set.has(0) && set.has(n - 1)).toBe(true);
    expect([...kept].sort((a, b) => a - b)).toEqual(kept);
    // the worst score overall survives (it is the extreme of its window), and so does every label
    const worst = pts.reduce((w, p, i) => (p.score !== null && (w < 0 || p.score > pts[w].score!) ? i : w), -1);
    expect(set.has(worst)).toBe(true);
    const labels = new Set(kept.map((i) => pts[i].failure).filter(Boolean));
    expect(labels.size).toBe(FAILURE_LABELS.length);
  });

  it("with more new bests than the budget, keeps at most the budget: each window's first and last new best and the ends", () => {
    // a million-trial run improving in small steps: 5,000 new bests among 100,000 trials
    const pts = Array.from({ length: 100_000 }, (_, i) => ({ score: i % 20 === 0 ? 100 - i / 1e4 : 200, failure: null }));
    const best = markNewBests(pts, "minimize");
    expect(best.filter(Boolean)).toHaveLength(5000);
    const kept = downsampleCurve(pts, best, 2000);
    expect(kept.length).toBeLessThanOrEqual(2000);
    expect(kept.length).toBeGreaterThan(1900);
    expect([...kept].sort((a, b) => a - b)).toEqual(kept);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(99_999);
    // only new bests besides the ends, and the run's best (the last new best) among them
    expect(kept.slice(1, -1).every((i) => best[i])).toBe(true);
    expect(kept).toContain(99_980);
    // the frontier through the kept bests never lags the whole one by more than one window's gain
    const gaps = kept.slice(1).map((i, k) => i - kept[k]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(2 * Math.ceil(100_000 / 1000));
  });

  it("keeps every new best when they fit the budget with the ends", () => {
    const pts = Array.from({ length: 50 }, (_, i) => ({ score: i < 8 ? 100 - i : 200, failure: null }));
    const kept = downsampleCurve(pts, markNewBests(pts, "minimize"), 10);
    expect(kept.length).toBeLessThanOrEqual(10);
    expect(kept).toEqual(expect.arrayContaining([0, 1, 2, 3, 4, 5, 6, 7, 49]));
  });
});
