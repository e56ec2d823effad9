import { describe, expect, it } from "vitest";
import { readStepDelta } from "./ancestry";

describe("readStepDelta", () => {
  const min = { direction: "minimize" as const, noiseFloor: 0.001 };
  it("reads a drop as better when minimizing, a rise as worse", () => {
    expect(readStepDelta(-0.005, min)).toBe("better");
    expect(readStepDelta(0.005, min)).toBe("worse");
  });
  it("reads a gain no larger than the noise floor as within noise", () => {
    expect(readStepDelta(-0.0005, min)).toBe("within_noise");
    expect(readStepDelta(-0.001, min)).toBe("within_noise");
  });
  it("without a noise floor every gain is better; no delta reads none", () => {
    expect(readStepDelta(0.0001, { direction: "maximize", noiseFloor: null })).toBe("better");
    expect(readStepDelta(null, min)).toBe("none");
    expect(readStepDelta(0, min)).toBe("unchanged");
  });
});
