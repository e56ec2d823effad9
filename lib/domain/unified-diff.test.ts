import { applyPatch, parsePatch } from "diff";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "./random";
import { MAX_EDIT_LINES, diffText, diffTrees } from "./unified-diff";

function randomText(rand: () => number, lines: number): string {
  const words = ["a", "b", "c", "d", "const x = 1;", "", "}"];
  const out = Array.from({ length: lines }, () => words[Math.floor(rand() * words.length)]);
  return out.join("\n") + (rand() < 0.8 ? "\n" : "");
}

function mutate(rand: () => number, text: string): string {
  const lines = text.split("\n");
  for (let n = Math.floor(rand() * 6); n > 0; n--) {
    const at = Math.floor(rand() * (lines.length + 1));
    const r = rand();
    if (r < 0.4) lines.splice(at, 1);
    else if (r < 0.8) lines.splice(at, 0, `new ${Math.floor(rand() * 100)}`);
    else lines[at] = "changed";
  }
  return lines.join("\n");
}

const apply = (before: string, patch: string) => applyPatch(before, parsePatch(patch)[0]);

describe("unified diff", () => {
  it("every diff applies back exactly (500 random edits, with and without a final newline)", () => {
    const rand = mulberry32(7);
    for (let i = 0; i < 500; i++) {
      const before = randomText(rand, Math.floor(rand() * 40));
      const after = mutate(rand, before);
      const patch = diffText("f.txt", before, after);
      if (before === after) expect(patch).toBe("");
      else expect(apply(before, patch)).toBe(after);
    }
  });

  it("a one-line change is a minimal hunk with three lines of context, git-style", () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    const after = before.replace("line 10\n", "line ten\n");
    expect(diffText("x.js", before, after)).toBe(
      "diff --git a/x.js b/x.js\n--- a/x.js\n+++ b/x.js\n@@ -7,7 +7,7 @@\n line 7\n line 8\n line 9\n-line 10\n+line ten\n line 11\n line 12\n line 13\n",
    );
  });

  it("new and removed files are marked; a tree diff lists changed files in path order", () => {
    const before = new Map([
      ["b.txt", "x\n"],
      ["gone.txt", "bye\n"],
    ]);
    const after = new Map([
      ["b.txt", "y\n"],
      ["a.txt", "hi"],
    ]);
    const d = diffTrees(before, after);
    expect(d.match(/^diff --git a\/(\S+)/gm)).toEqual(["diff --git a/a.txt", "diff --git a/b.txt", "diff --git a/gone.txt"]);
    expect(d).toContain("new file mode 100644\n--- /dev/null\n+++ b/a.txt\n@@ -0,0 +1 @@\n+hi\n\\ No newline at end of file\n");
    expect(d).toContain("deleted file mode 100644\n--- a/gone.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n");
  });

  it(`past ${MAX_EDIT_LINES} changed lines the file is replaced whole, quickly, and the diff still applies`, () => {
    const before = Array.from({ length: 30_000 }, (_, i) => `old ${i}`).join("\n") + "\n";
    const after = Array.from({ length: 30_000 }, (_, i) => (i % 2 ? `old ${i}` : `new ${i}`)).join("\n") + "\n";
    const t = performance.now();
    const patch = diffText("big.txt", before, after);
    expect(performance.now() - t).toBeLessThan(2000);
    expect(patch.match(/^@@/gm)).toHaveLength(1);
    expect(apply(before, patch)).toBe(after);
  });
});
