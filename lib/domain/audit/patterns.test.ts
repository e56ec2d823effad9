import { describe, expect, it } from "vitest";
import { classifyEdit } from "./classify";
import { parseDiff } from "./diff-hunks";
import { hunksMatching } from "./line-match";
import { checkPattern, compilePattern } from "./patterns";
import { assertTaskPatterns, taskPatternProblem } from "./task-patterns";

const CATASTROPHIC = "^(\\w+\\s?)*$";
const elapsed = (fn: () => void) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

describe("the linear-time engine", () => {
  it("runs the catastrophic pattern on long lines in linear time, where the backtracking engine explodes", () => {
    const re = compilePattern(CATASTROPHIC);
    // The issue measured 3.9 s for JavaScript's engine on 29 characters, doubling per character:
    // 40 characters would take hours there. Here they take well under a millisecond.
    const at40 = elapsed(() => expect(re.test("a".repeat(40) + "!")).toBe(false));
    const at2000 = elapsed(() => expect(re.test("ab ".repeat(666) + "!")).toBe(false));
    expect(at40).toBeLessThan(200);
    expect(at2000).toBeLessThan(200);
    // The same line cut to 22 characters already costs JavaScript's backtracking engine far more than RE2 needs for 2000.
    const js22 = elapsed(() => new RegExp(CATASTROPHIC, "i").test("a".repeat(22) + "!"));
    expect(js22).toBeGreaterThan(at40 * 10);
    expect(re.test("some words here")).toBe(true);
  });

  it("classifies a trial whose changed line is 40 characters of the catastrophic input, quickly", () => {
    const diff = `--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n-x\n+${"a".repeat(40)}!\n`;
    const ms = elapsed(() => classifyEdit({ diff, declared: null, rules: [{ name: "data", patterns: [CATASTROPHIC] }] }));
    expect(ms).toBeLessThan(500);
  });

  it("is case-insensitive and keeps JavaScript's meaning of the shared syntax", () => {
    expect(compilePattern("\\bAdamW\\b").test("opt = adamw(params)")).toBe(true);
    expect(compilePattern("^\\s*def\\s+eval_\\w+\\(").test("  def eval_loss(x):")).toBe(true);
    expect(compilePattern("a/b").test("a/b")).toBe(true);
    expect(compilePattern("\\d+\\.\\d+").test("lr = 3e-4")).toBe(false);
  });
});

describe("checkPattern", () => {
  it("accepts what RE2 runs in linear time, the nested-quantifier pattern included", () => {
    expect(checkPattern(CATASTROPHIC)).toBeNull();
    expect(checkPattern("\\b(test_set|X_test)\\b")).toBeNull();
    expect(checkPattern("(?<name>a+)b")).toBeNull();
  });

  it("refuses what needs backtracking, what RE2 reads differently, and what is not a regex, saying why", () => {
    expect(checkPattern("(a+)\\1")).toMatch(/backreferences are not supported/);
    expect(checkPattern("(?<n>a)\\k<n>")).toMatch(/backreferences/);
    expect(checkPattern("foo(?=bar)")).toMatch(/lookahead and lookbehind/);
    expect(checkPattern("(?<!x)y")).toMatch(/lookahead and lookbehind/);
    expect(checkPattern("\\Aimport")).toMatch(/escape \\A means something else in RE2/);
    expect(checkPattern("[[:alpha:]]+")).toMatch(/POSIX classes/);
    expect(checkPattern("(unclosed")).toMatch(/not a valid regular expression/);
    expect(checkPattern("a{1001}")).toMatch(/RE2 cannot run it/);
  });

  it("names the field of a task's first bad pattern", () => {
    const domains = [
      { name: "arch", patterns: ["n_head"] },
      { name: "data", patterns: ["ok", "x(?=y)"] },
    ];
    expect(taskPatternProblem(domains)).toMatchObject({ field: "domains[1].patterns[1]", path: ["domains", 1, "patterns", 1] });
    expect(() => assertTaskPatterns(domains, "task.json")).toThrow(/^task\.json: field domains\[1\]\.patterns\[1\]: lookahead/);
    expect(taskPatternProblem([{ name: "arch", patterns: [CATASTROPHIC] }])).toBeNull();
  });
});

describe("hunksMatching", () => {
  const js = (p: string) => new RegExp(p, "i");
  const bySingleLines = (p: string, hunks: string[][]) => {
    const out = new Map<number, number>();
    hunks.forEach((lines, h) => {
      const i = lines.findIndex((l) => js(p).test(l));
      if (i >= 0) out.set(h, i);
    });
    return out;
  };

  it("finds the same hunks and first lines as matching each line on its own, joined text notwithstanding", () => {
    const hunks: string[][] = [];
    for (let h = 0; h < 300; h++) {
      const lines = Array.from({ length: 1 + (h % 17) }, (_, i) => `x_${h}_${i} = f(${i})`);
      if (h % 7 === 0) lines[h % lines.length] = "val_loader = make(test)";
      if (h % 11 === 0) (lines.push("def"), lines.push("metric(x)")); // `def\s+metric` only across a line break
      if (h % 13 === 0) lines.push("y".repeat(5000) + " holdout");
      hunks.push(lines);
    }
    for (const p of ["\\bval_loader\\b", "def\\s+metric\\s*\\(", "^y+ holdout$", "^$", "zzz"]) {
      const hits = hunksMatching(compilePattern(p), hunks, { left: 1e9 });
      const want = bySingleLines(p, hunks);
      expect(new Map([...hits].map(([h, hit]) => [h, hit.line])), p).toEqual(want);
      expect([...hits.values()].every((h) => h.confirmed)).toBe(true);
    }
  });

  it("counts a hunk as a hit, unconfirmed, once the confirming budget is spent (the audit errs towards flagging)", () => {
    // Every hunk's joined text matches, no single line does: the worst case for confirming.
    const hunks = Array.from({ length: 2000 }, () => ["def", "metric(x)"]);
    const budget = { left: 50_000 };
    const ms = elapsed(() => {
      const hits = hunksMatching(compilePattern("def\\s+metric\\("), hunks, budget);
      expect(hits.size).toBeGreaterThan(0);
      expect([...hits.values()].some((h) => !h.confirmed)).toBe(true);
      expect([...hits.values()].every((h) => !h.confirmed)).toBe(true);
    });
    expect(ms).toBeLessThan(2000);
  });
});

describe("parseDiff on crafted input", () => {
  it("reads a hunk full of '--- '/'+++ ' lines in linear time (it re-read the hunk at each one)", () => {
    const n = 40_000;
    const body = Array.from({ length: n }, () => "--- a\n+++ b").join("\n");
    const diff = `--- a/x\n+++ b/x\n@@ -1,${n} +1,${n} @@\n${body}\n`;
    let files: ReturnType<typeof parseDiff> = [];
    const ms = elapsed(() => (files = parseDiff(diff)));
    expect(files).toHaveLength(1);
    expect(files[0].hunks[0].changed).toHaveLength(2 * n);
    expect(ms).toBeLessThan(2000);
  });
});
