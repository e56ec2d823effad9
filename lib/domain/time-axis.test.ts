import { describe, expect, it } from "vitest";
import { formatTimeTick, timeTicks } from "./time-axis";

describe("time axis", () => {
  it("puts ticks on round durations covering the range", () => {
    expect(timeTicks(41_200)).toEqual([0, 7200, 14400, 21600, 28800, 36000, 43200]);
    expect(timeTicks(3 * 86400 + 5).at(-1)).toBeGreaterThanOrEqual(3 * 86400 + 5);
    expect(timeTicks(0)).toEqual([0]);
  });

  it("labels ticks in human units, not raw seconds", () => {
    expect(timeTicks(41_200).map(formatTimeTick)).toEqual(["0", "2 h", "4 h", "6 h", "8 h", "10 h", "12 h"]);
    expect(formatTimeTick(1800)).toBe("30 min");
    expect(formatTimeTick(45)).toBe("45 s");
    expect(formatTimeTick(2 * 86400)).toBe("2 d");
    expect(formatTimeTick(5400)).toBe("1.5 h");
  });
});
