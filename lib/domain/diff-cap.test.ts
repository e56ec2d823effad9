import { describe, expect, it } from "vitest";
import { capDiff } from "./diff-cap";

const header = "diff --git a/x.py b/x.py\n--- a/x.py\n+++ b/x.py\n@@ -1,1 +1,40000 @@\n";

describe("capDiff", () => {
  it("passes a small diff through untouched", () => {
    const diff = "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n";
    expect(capDiff(diff)).toEqual({ text: diff, capped: false, totalLines: 5, shownLines: 5, totalChars: diff.length, cutLines: 0 });
  });

  it("keeps a prefix of whole lines of a 40,000-line diff and says how many there were", () => {
    const diff = header + Array.from({ length: 40_000 }, (_, i) => `+line ${i}`).join("\n") + "\n";
    const c = capDiff(diff);
    expect(c.capped).toBe(true);
    expect(c.totalLines).toBe(40_004);
    expect(c.shownLines).toBe(500);
    expect(c.text.startsWith(header)).toBe(true);
    expect(c.text.split("\n").at(-2)).toBe("+line 495");
  });

  it("cuts a 1 MB single line and names how much it left out", () => {
    const diff = header + "+" + "x".repeat(1_000_000) + "\n";
    const c = capDiff(diff);
    expect(c.capped).toBe(true);
    expect(c.cutLines).toBe(1);
    expect(c.text.length).toBeLessThan(3_000);
    expect(c.text).toContain("[998,001 more characters]");
    expect(c.text.split("\n")[4].startsWith("+xxx")).toBe(true);
  });

  it("stops at the character budget on whole lines", () => {
    const diff = Array.from({ length: 100 }, () => "+" + "y".repeat(99)).join("\n");
    const c = capDiff(diff, { maxChars: 1_000 });
    expect(c.shownLines).toBe(9);
    expect(c.capped).toBe(true);
    expect(c.totalLines).toBe(100);
  });

  it("handles an empty diff", () => {
    expect(capDiff("")).toMatchObject({ text: "", capped: false, totalLines: 0, shownLines: 0 });
  });
});
