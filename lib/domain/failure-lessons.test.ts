import { describe, expect, it } from "vitest";
import { failureWindows, lessonsUsed, type LessonTrial } from "./failure-lessons";

const t = (id: string, seq: number, o: Partial<LessonTrial> = {}): LessonTrial => ({
  id,
  seq,
  failed: false,
  surface: "opt",
  improved: false,
  contextRefs: [],
  ...o,
});

describe("failureWindows", () => {
  it("gives the failure rate per window of trials in seq order, the last window shorter", () => {
    const trials = [t("a", 3, { failed: true }), t("b", 1), t("c", 2, { failed: true }), t("d", 4), t("e", 5, { failed: true })];
    expect(failureWindows(trials, 2)).toEqual([
      { from: 1, to: 2, trials: 2, failed: 1, rate: 0.5 },
      { from: 3, to: 4, trials: 2, failed: 1, rate: 0.5 },
      { from: 5, to: 5, trials: 1, failed: 1, rate: 1 },
    ]);
    expect(failureWindows([], 10)).toEqual([]);
    expect(() => failureWindows(trials, 0)).toThrow(/at least one/);
  });
});

describe("lessonsUsed", () => {
  it("counts a failure as used when a later improving trial on the same surface saw it", () => {
    const trials = [
      t("f1", 1, { failed: true }),
      t("f2", 2, { failed: true, surface: "arch" }),
      t("f3", 3, { failed: true }),
      t("k4", 4, { improved: true, contextRefs: ["f1", "f2"] }), // f1 used; f2 is another surface's
      t("n5", 5, { contextRefs: ["f3"] }), // saw f3 but did not improve
      t("x6", 6, { improved: true, failed: true, contextRefs: ["f3"] }), // a failure teaches nothing here
    ];
    expect(lessonsUsed(trials)).toEqual({ failed: 4, used: 1, share: 0.25, usedIds: ["f1"] });
  });

  it("ignores refs to later trials and says null when nothing failed", () => {
    expect(lessonsUsed([t("k1", 1, { improved: true, contextRefs: ["f2"] }), t("f2", 2, { failed: true })]).used).toBe(0);
    expect(lessonsUsed([t("a", 1)]).share).toBeNull();
  });
});
