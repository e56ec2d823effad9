import { describe, expect, it } from "vitest";
import { robustRange, runningMedian, smoothingWindow } from "./curve-view";

describe("robustRange", () => {
  const climb = Array.from({ length: 40 }, (_, i) => 1.081 - i * 0.00022);
  it("leaves out a few far outliers, so a climb of 1.081 → 1.0722 fills the range", () => {
    const [lo, hi] = robustRange([...climb, 2.7, 2.7, 2.65])!;
    expect(lo).toBeCloseTo(1.081 - 39 * 0.00022, 9);
    expect(hi).toBeCloseTo(1.081, 9);
  });
  it("keeps the values asked for (the new bests) even past the fences", () => {
    expect(robustRange([...climb, 2.7], [0.9])![0]).toBe(0.9);
  });
  it("keeps every value of a short run, or of one without spread", () => {
    expect(robustRange([1, 2, 50])).toEqual([1, 50]);
    expect(robustRange(Array(10).fill(3).concat([9]))).toEqual([3, 9]);
    expect(robustRange([])).toBeNull();
  });
});

describe("runningMedian", () => {
  it("follows the middle of a trailing window and shrugs off a single outlier", () => {
    expect(runningMedian([1, 2, 3, 100, 5, 6], 3)).toEqual([1, 1.5, 2, 3, 5, 6]);
  });
  it("uses about a thirtieth of the run as its window, at least 5", () => {
    expect(smoothingWindow(30)).toBe(5);
    expect(smoothingWindow(900)).toBe(30);
  });
});

describe("evaluationSeconds", () => {
  it("sums the evaluator seconds in seq order, leaving queue waits out", async () => {
    const { evaluationSeconds } = await import("./curve-time");
    expect(evaluationSeconds([{ wallclockSeconds: 50 }, { wallclockSeconds: 50 }, { wallclockSeconds: 20 }])).toEqual([50, 100, 120]);
    expect(evaluationSeconds([{ wallclockSeconds: 50 }, { wallclockSeconds: null }])).toBeNull();
  });
});
