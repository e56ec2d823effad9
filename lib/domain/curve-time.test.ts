import { describe, expect, it } from "vitest";
import { elapsedSeconds, untimedCount } from "./curve-time";

const t = (startedAt: string | null, finishedAt: string | null, wallclockSeconds: number | null) => ({ startedAt, finishedAt, wallclockSeconds });

describe("elapsedSeconds", () => {
  it("uses finish times relative to the earliest start when every trial has a time", () => {
    expect(elapsedSeconds([t("2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", 60), t(null, "2026-01-01T00:03:00Z", null)])).toEqual([60, 180]);
  });

  it("falls back to summed evaluator seconds, then to nothing", () => {
    expect(elapsedSeconds([t(null, null, 10), t("2026-01-01T00:00:00Z", null, 5)])).toEqual([10, 15]);
    expect(elapsedSeconds([t(null, null, 10), t(null, null, null)])).toBeNull();
  });
});

describe("elapsedSeconds on imports with untimed rows", () => {
  it("places a trial without a timestamp at the time of the one before it (placeholder parents, recovered rows)", () => {
    const rows = [
      t(null, null, null), // a placeholder parent stored before its first child
      t(null, "2026-01-01T00:00:00Z", 30),
      t(null, null, null), // a row recovered from a malformed line
      t(null, "2026-01-01T02:00:00Z", 30),
    ];
    expect(elapsedSeconds(rows)).toEqual([0, 0, 0, 7200]);
    expect(untimedCount(rows)).toBe(2);
  });

  it("does not invent a time axis from a single timestamp", () => {
    expect(elapsedSeconds([t(null, "2026-01-01T00:00:00Z", null), t(null, null, null)])).toBeNull();
  });
});
