// The failure lane's keyboard steps: along a row, between rows to the nearest cross, to a row's ends.
import { describe, expect, it } from "vitest";
import { stepFrom, type Placed } from "../components/charts/lane-steps";

const cross = (row: number, px: number): Placed => ({ row, px, mark: { id: `r${row}-${px}`, x: px, seq: px, label: `l${row}`, agent: "a", hypothesis: null } });
// sorted by row, then x, as the lane keeps them; row 1 has no cross, so up and down skip it
const all = [cross(0, 10), cross(0, 40), cross(0, 90), cross(2, 35), cross(2, 80)];
const step = (from: number, key: string) => stepFrom(all, from, key)?.mark.id;

describe("stepping between the failure lane's crosses", () => {
  it("starts on the first cross whatever the key, and ignores keys that do not step", () => {
    expect(step(-1, "ArrowDown")).toBe("r0-10");
    expect(step(0, "a")).toBeUndefined();
    expect(step(0, "Enter")).toBeUndefined();
    expect(stepFrom([], -1, "ArrowRight")).toBeUndefined();
  });

  it("goes left and right along its row and stops at the row's ends", () => {
    expect(step(0, "ArrowRight")).toBe("r0-40");
    expect(step(1, "ArrowLeft")).toBe("r0-10");
    expect(step(2, "ArrowRight")).toBe("r0-90"); // the next cross is on another row
    expect(step(3, "ArrowLeft")).toBe("r2-35");
    expect(step(1, "End")).toBe("r0-90");
    expect(step(4, "Home")).toBe("r2-35");
  });

  it("goes up and down to the nearest cross of the next row that has one", () => {
    expect(step(1, "ArrowDown")).toBe("r2-35"); // 40 is nearest 35
    expect(step(2, "ArrowDown")).toBe("r2-80"); // 90 is nearest 80
    expect(step(4, "ArrowUp")).toBe("r0-90");
    expect(step(3, "ArrowUp")).toBe("r0-40");
    expect(step(3, "ArrowDown")).toBe("r2-35"); // no row below: it stays
    expect(step(0, "ArrowUp")).toBe("r0-10");
  });
});
