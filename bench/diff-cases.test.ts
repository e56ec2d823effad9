import { describe, expect, it } from "vitest";
import { parseTraceLines } from "../lib/domain/jsonl";
import { toJsonl } from "./data";
import { DIFF_CASES, diffCaseRecords } from "./diff-cases";

describe("P8's diff cases", () => {
  const records = diffCaseRecords("bench-diffs");
  const diffOf = (key: string) => records.find((r) => r.id === `bench-diffs-t${DIFF_CASES.find((c) => c.key === key)!.seq}`)!.diff as string;

  it("are valid trace records the store accepts, a baseline and one child per case", () => {
    const parsed = [...parseTraceLines(toJsonl(records).split("\n"))].map((p) => p.record);
    const trials = parsed.filter((r) => r.type === "trial");
    expect(trials).toHaveLength(1 + DIFF_CASES.length);
    expect(trials.slice(1).every((t) => t.type === "trial" && t.parentIds?.[0] === "bench-diffs-t1")).toBe(true);
  });

  it("have the sizes the benchmark names", () => {
    expect(Math.abs(diffOf("8KB").length - 8 * 1024)).toBeLessThan(200);
    expect(diffOf("8KB").split("\n").length).toBeGreaterThan(100);
    expect(Math.abs(diffOf("2MB").length - 2 * 1024 * 1024)).toBeLessThan(200);
    const lines = diffOf("1MB-line").split("\n");
    expect(diffOf("1MB-line")).toHaveLength(1024 * 1024);
    expect(Math.max(...lines.map((l) => l.length))).toBeGreaterThan(1024 * 1024 - 200);
    expect(lines.filter((l) => l.startsWith("+") && !l.startsWith("+++"))).toHaveLength(1);
  });

  it("are the same on every call (fixed seed)", () => {
    expect(diffCaseRecords("bench-diffs")).toEqual(records);
  });
});
