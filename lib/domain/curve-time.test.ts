import { describe, expect, it } from "vitest";
import { elapsedSeconds } from "./curve-time";

const t = (startedAt: string | null, finishedAt: string | null, wallclockSeconds: number | null) => ({ startedAt, finishedAt, wallclockSeconds });

describe("elapsedSeconds", () => {
  it("uses finish times relative to the earliest start when every trial has a time", () => {
    expect(
      elapsedSeconds([t("2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", 60), t(null, "2026-01-01T00:03:00Z", null)]),
    ).toEqual([60, 180]);
  });

  it("falls back to summed evaluator seconds, then to nothing", () => {
    expect(elapsedSeconds([t(null, null, 10), t("2026-01-01T00:00:00Z", null, 5)])).toEqual([10, 15]);
    expect(elapsedSeconds([t(null, null, 10), t(null, null, null)])).toBeNull();
  });
});
