// The ancestry story of a trial (issue 14 item 1) read from a real migrated database: the first-parent
// line from the baseline, each step's Δ read against the noise floor, and the failed siblings.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TrialAncestry } from "../lib/domain/api-responses";
import { ingestJsonl } from "../lib/services/ingest-jsonl";
import { getTrialStory } from "../lib/services/trial-story";
import { CLIMB_BESTS, climbRun } from "./support/climb-traces";
import { tempDb } from "./support/temp-db";
import { toJsonl } from "./support/traces";

let t: ReturnType<typeof tempDb>;
beforeAll(() => {
  t = tempDb();
  ingestJsonl(t.db, toJsonl(climbRun()), { logTailChars: 1000 });
});
afterAll(() => t.cleanup());

describe("getTrialStory", () => {
  it("tells the best's line from the baseline, each step against its parent", () => {
    const story = TrialAncestry.parse(getTrialStory(t.db, "climb-t135"));
    expect(story.steps.map((s) => s.seq)).toEqual([1, 15, 30, 45, 60, 75, 90, 105, 120, 135]);
    expect(story.steps.map((s) => s.score)).toEqual(CLIMB_BESTS);
    expect(story.steps[0].reading).toBe("none");
    expect(story.steps[1]).toMatchObject({ agent: "optimizer", reading: "better" });
    expect(story.steps[1].deltaVsParent).toBeCloseTo(1.0797 - 1.081, 9);
    // 1.0785 → 1.078 and 1.0746 → 1.074 gained less than the noise floor 0.0008
    expect(story.steps.filter((s) => s.reading === "within_noise").map((s) => s.seq)).toEqual([45, 105]);
    expect(story.earlierSteps).toBe(false);
  });

  it("names the failed siblings of each step with their labels, and counts every sibling", () => {
    const story = getTrialStory(t.db, "climb-t135");
    const first = story.steps[1]; // #15, from the baseline: #2…#14 tried before it, #7 and #14 failed
    expect(first.failedSiblings.map((f) => [f.seq, f.failure])).toEqual([
      [7, "budget_overrun"],
      [14, "gate_miss"],
    ]);
    expect(first.failedSiblingCount).toBe(2);
    expect(first.siblingCount).toBe(13);
    expect(story.steps[0].failedSiblings).toEqual([]);
  });

  it("tells a failed trial's line too, and refuses an unknown trial", () => {
    const story = getTrialStory(t.db, "climb-t7");
    expect(story.steps.map((s) => s.seq)).toEqual([1, 7]);
    expect(story.steps[1]).toMatchObject({ failure: "budget_overrun", reading: "none" });
    expect(() => getTrialStory(t.db, "nope")).toThrow(/does not exist/);
  });
});
