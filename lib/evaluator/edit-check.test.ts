import { describe, expect, it } from "vitest";
import { applyEdit } from "./apply-edit";
import { diffTrees as diffRecipes } from "../domain/unified-diff";
import { checkEdit } from "./edit-check";
import { parseManifest } from "./task";

const rules = { protectedPaths: ["evaluate.mjs", "out/**"], surfacePaths: ["model.mjs", "lib/**"] };
const patch = (path: string, extra = "") => `diff --git a/${path} b/${path}\n${extra}--- a/${path}\n+++ b/${path}\n@@ -1 +1 @@\n-a\n+b\n`;

describe("checkEdit refuses before applying", () => {
  const cases: [string, string, string][] = [
    ["a parent-folder escape", patch("../etc/passwd"), "illegal_edit"],
    ["a nested escape", patch("lib/../../x"), "illegal_edit"],
    ["an absolute path", "--- /etc/passwd\n+++ /etc/passwd\n@@ -1 +1 @@\n-a\n+b\n", "illegal_edit"],
    ["a backslash", patch("lib\\..\\x"), "illegal_edit"],
    ["encoded dots", patch("lib/%2e%2e/x"), "illegal_edit"],
    ["a NUL byte", patch("model.mjs").replace("+b", "+b\0"), "patch_failure"],
    ["a symlink", patch("model.mjs", "new file mode 120000\n"), "illegal_edit"],
    ["a mode change", patch("model.mjs", "old mode 100644\nnew mode 100755\n"), "patch_failure"],
    ["a binary patch", "diff --git a/model.mjs b/model.mjs\nGIT binary patch\nliteral 5\nabc\n", "patch_failure"],
    ["a protected path", patch("evaluate.mjs"), "illegal_edit"],
    ["a path outside the surface", patch("codec.mjs"), "illegal_edit"],
    ["no diff at all", "", "patch_failure"],
    ["prose instead of a diff", "I would change the learning rate.", "patch_failure"],
    ["a 50 MB edit", "x".repeat(50 * 1024 * 1024), "patch_failure"],
  ];
  for (const [what, diff, label] of cases) {
    it(what, () => {
      const r = checkEdit(diff, rules);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.failure).toBe(label);
    });
  }

  it("accepts an edit inside the surface and applies it", () => {
    const before = new Map([
      ["model.mjs", "const A = 1;\n"],
      ["evaluate.mjs", "x\n"],
    ]);
    const after = new Map([
      ["model.mjs", "const A = 2;\n"],
      ["evaluate.mjs", "x\n"],
    ]);
    const diff = diffRecipes(before, after);
    const r = checkEdit(diff, rules);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const applied = applyEdit(before, r.patches);
    expect(applied.ok && applied.files.get("model.mjs")).toBe("const A = 2;\n");
  });

  it("a hunk that does not match the parent is a patch_failure", () => {
    const r = checkEdit(patch("model.mjs"), rules);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const applied = applyEdit(new Map([["model.mjs", "something else\n"]]), r.patches);
    expect(applied.ok).toBe(false);
  });
});

describe("task manifests", () => {
  it("a bad manifest is refused naming the field", () => {
    expect(() =>
      parseManifest(
        { id: "t", name: "T", metric: { name: "m", direction: "down" }, recipe: "r", evaluator: { command: ["x"], resultFile: "r.json" } },
        "task.json",
      ),
    ).toThrow(/field metric\.direction/);
    expect(() =>
      parseManifest(
        { id: "t", name: "T", metric: { name: "m", direction: "minimize" }, recipe: "../r", evaluator: { command: ["x"], resultFile: "r.json" } },
        "task.json",
      ),
    ).toThrow(/field recipe/);
    expect(() =>
      parseManifest(
        { id: "t", name: "T", metric: { name: "m", direction: "minimize" }, recipe: "r", evaluator: { command: [], resultFile: "r.json" } },
        "task.json",
      ),
    ).toThrow(/field evaluator\.command/);
  });
});
