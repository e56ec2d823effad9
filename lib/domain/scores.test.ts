import { describe, expect, it } from "vitest";
import { boundLog } from "./log-tail";
import { improvementPct, isBetter } from "./scores";

describe("scores", () => {
  it("compares in the metric's direction", () => {
    expect(isBetter(1.1, 1.2, "minimize")).toBe(true);
    expect(isBetter(1.1, 1.2, "maximize")).toBe(false);
    expect(isBetter(5, null, "maximize")).toBe(true);
    expect(isBetter(1.2, 1.2, "minimize")).toBe(false);
  });

  it("reports improvement as a positive percentage whichever the direction", () => {
    expect(improvementPct(2, 1.5, "minimize")).toBeCloseTo(25);
    expect(improvementPct(0.2, 0.25, "maximize")).toBeCloseTo(25);
    expect(improvementPct(2, 2.5, "minimize")).toBeCloseTo(-25);
    expect(improvementPct(-4, -2, "maximize")).toBeCloseTo(50);
    expect(improvementPct(null, 1, "minimize")).toBeNull();
    expect(improvementPct(0, 1, "minimize")).toBeNull();
  });
});

describe("log tail", () => {
  it("keeps short logs and the end of long ones", () => {
    expect(boundLog("short", 10)).toBe("short");
    expect(boundLog("0123456789abcdef", 6)).toBe("[lineage: 10 characters cut from the start]\nabcdef");
  });
});
