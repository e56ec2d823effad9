// The "failures turned into fixes" figure on a small constructed lineage: only a later new best on
// the same surface that had the failure in its context counts; infra errors are left out.
import { describe, expect, it } from "vitest";
import { describeFixes, failuresTurnedIntoFixes, type FixTrial } from "./fixes";

const t = (seq: number, surface: string | null, failure: string | null, isBest = false, contextRefs: string[] = []): FixTrial => ({
  id: `t${seq}`,
  seq,
  surface,
  failure,
  isBest,
  contextRefs,
});

describe("failures turned into fixes", () => {
  const run = [
    t(1, null, null, true), // the baseline
    t(2, "optimizer", "gate_miss"), // fixed by #5 (same surface, in its context, new best)
    t(3, "architecture", "budget_overrun"), // seen by #5, but #5 is on another surface
    t(4, "optimizer", "crash"), // seen by #6 on its surface, but #6 did not beat the best
    t(5, "optimizer", null, true, ["t1", "t2", "t3"]),
    t(6, "optimizer", null, false, ["t4", "t5"]),
    t(7, "data", "gate_miss"), // seen only by an earlier trial: no later fix
    t(8, "data", "infra_error"), // the harness's failure: not counted
    t(9, "data", null, true, ["t8"]),
  ];
  // a new best that saw #7 comes before it: order matters
  run[4] = { ...run[4], contextRefs: [...run[4].contextRefs, "t7"] };

  it("counts a failure as fixed only when a later new best on its surface had it in its context", () => {
    const f = failuresTurnedIntoFixes([run]);
    expect(f.failed).toBe(4);
    expect(f.fixed).toBe(1);
    expect(f.share).toBe(0.25);
    expect(f.byLabel).toEqual({
      gate_miss: { failed: 2, fixed: 1, share: 0.5 },
      budget_overrun: { failed: 1, fixed: 0, share: 0 },
      crash: { failed: 1, fixed: 0, share: 0 },
    });
    expect(describeFixes(f)).toBe("1/4 (25%) — gate_miss 1/2, budget_overrun 0/1, crash 0/1");
  });

  it("adds runs up label by label, refs never crossing runs, and has no share without failures", () => {
    const other = [t(1, null, null, true), t(2, "optimizer", "crash"), t(3, "optimizer", null, true, ["t2"])];
    const f = failuresTurnedIntoFixes([run, other]);
    expect(f).toMatchObject({ failed: 5, fixed: 2, share: 0.4 });
    expect(f.byLabel.crash).toEqual({ failed: 2, fixed: 1, share: 0.5 });
    // a control run's trials see only the baseline: nothing it failed on is ever answered
    const control = [t(1, null, null, true), t(2, "optimizer", "gate_miss", false, ["t1"]), t(3, "optimizer", null, true, ["t1"])];
    expect(failuresTurnedIntoFixes([control])).toMatchObject({ failed: 1, fixed: 0, share: 0 });
    expect(failuresTurnedIntoFixes([[t(1, null, null, true)]])).toEqual({ failed: 0, fixed: 0, share: null, byLabel: {} });
    expect(describeFixes(failuresTurnedIntoFixes([]))).toBe("0/0 (—)");
  });
});
