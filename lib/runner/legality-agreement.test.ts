// The runner (which refuses an edit before it runs) and the audit (which flags it afterwards) must
// give the same answer for every protected-path pattern: they share one matcher, lib/domain/glob.ts.
// Before that, `evaluator/` let the runner run an edit to evaluator/run.py that the audit called illegal.
import { describe, expect, it } from "vitest";
import { parseDiff } from "../domain/audit/diff-hunks";
import { diffFindings } from "../domain/audit/findings";
import { checkEdit } from "../evaluator/edit-check";

const patch = (path: string) => `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n@@ -1 +1 @@\n-a\n+b\n`;

// [protected pattern, edited path, protected?]
const table: [string, string, boolean][] = [
  ["evaluator/", "evaluator/run.py", true],
  ["evaluator/", "evaluator/deep/er/x.py", true],
  ["evaluator/", "evaluator.py", false],
  ["evaluator/**", "evaluator/run.py", true],
  ["evaluator", "evaluator/run.py", true],
  ["evaluate.mjs", "evaluate.mjs", true],
  ["evaluate.mjs", "sub/evaluate.mjs", true],
  ["evaluate.mjs", "evaluate.mjs.bak", false],
  ["./out/**", "out/model.bin", true],
  ["/out/**", "out/a/b.bin", true],
  ["out/**", "outside.mjs", false],
  ["*.json", "config/result.json", true],
  ["data/*.csv", "data/a.csv", true],
  ["data/*.csv", "data/x/a.csv", false],
  ["data/?.csv", "data/ab.csv", false],
  ["**/secret.txt", "a/b/secret.txt", true],
  ["**/secret.txt", "secret.txt", true],
];

describe("one answer to 'is this path protected' for the runner and the audit", () => {
  for (const [pattern, path, expected] of table) {
    it(`${pattern} vs ${path}: ${expected ? "protected" : "allowed"}`, () => {
      const runner = checkEdit(patch(path), { protectedPaths: [pattern] });
      const runnerSaysProtected = !runner.ok && /protected path/.test(runner.detail);
      const audit = diffFindings(parseDiff(patch(path)), { metricName: "m", direction: "minimize", protectedPaths: [pattern] }, null);
      const auditSaysProtected = audit.some((f) => f.kind === "protected_path");
      expect(runnerSaysProtected).toBe(expected);
      expect(auditSaysProtected).toBe(expected);
    });
  }
});
