import { describe, expect, it } from "vitest";
import { classifyEdit, touchesDomain } from "./classify";
import { parseDiff, touchedPaths } from "./diff-hunks";
import { domainName } from "./domains";
import { matchesGlob } from "../glob";

const MULTI = [
  "diff --git a/model.py b/model.py",
  "--- a/model.py",
  "+++ b/model.py",
  "@@ -10,3 +10,3 @@ class GPT(nn.Module):",
  "     def __init__(self):",
  "-        self.n_head = 8",
  "+        self.n_head = 12",
  "     pass",
  "@@ -40,2 +40,2 @@ def configure():",
  "-    opt = AdamW(params, lr=1e-3)",
  "+    opt = Muon(params, lr=2e-3)",
  "diff --git a/train/data.py b/train/data.py",
  "--- a/train/data.py",
  "+++ b/train/data.py",
  "@@ -1,1 +1,2 @@",
  " import os",
  "+print('hello')",
].join("\n");

const RULES = [
  { name: "architecture", patterns: ["n_head|n_layer"] },
  { name: "opt", patterns: ["\\b(AdamW|Muon)\\b"] },
  { name: "data", paths: ["train/data.py"] },
];

describe("parseDiff", () => {
  it("reads files and hunks of a git diff, changed lines with their marks", () => {
    const files = parseDiff(MULTI);
    expect(files.map((f) => f.paths)).toEqual([["model.py"], ["train/data.py"]]);
    expect(files[0].hunks).toHaveLength(2);
    expect(files[0].hunks[0].changed).toEqual(["-        self.n_head = 8", "+        self.n_head = 12"]);
    expect(files[1].hunks[0].header).toBe("@@ -1,1 +1,2 @@");
  });

  it("reads a plain unified diff, new files, renames and binary changes without throwing", () => {
    const diff =
      "--- /dev/null\n+++ b/new.py\n@@ -0,0 +1 @@\n+x = 1\ndiff --git a/a.bin b/a.bin\nBinary files a/a.bin and b/a.bin differ\ndiff --git a/old.py b/new2.py\nrename from old.py\nrename to new2.py\n";
    const files = parseDiff(diff);
    expect(touchedPaths(files)).toEqual(["new.py", "a.bin", "old.py", "new2.py"]);
    expect(files[1].note).toBe("binary change");
    expect(parseDiff("garbage\n@@ nonsense\n+ still read")).toHaveLength(1);
    expect(parseDiff(null)).toEqual([]);
  });

  it("treats a removed line starting with '-- ' inside a hunk as a change, not a new file", () => {
    const files = parseDiff("--- a/x.sql\n+++ b/x.sql\n@@ -1,2 +1,1 @@\n--- a comment\n+++ plus\n-select 1\n");
    expect(files).toHaveLength(1);
    expect(files[0].hunks[0].changed).toEqual(["--- a comment", "+++ plus", "-select 1"]);
  });
});

describe("globs", () => {
  it("matches folders, names at any depth and double stars", () => {
    expect(matchesGlob("eval/score.py", "eval/")).toBe(true);
    expect(matchesGlob("eval/deep/score.py", "eval/**")).toBe(true);
    expect(matchesGlob("src/evaluate.py", "evaluate.py")).toBe(true);
    expect(matchesGlob("src/x/evaluate.py", "src/*.py")).toBe(false);
    expect(matchesGlob("src/x/evaluate.py", "src/**/*.py")).toBe(true);
    expect(matchesGlob("train.py", "**/train.py")).toBe(true);
    expect(matchesGlob("a.b", "a?b")).toBe(true);
    expect(matchesGlob("axb", "a.b")).toBe(false);
  });
});

describe("classifyEdit", () => {
  it("classifies each hunk of a multi-domain diff, so one trial touches several domains", () => {
    const c = classifyEdit({ diff: MULTI, declared: "arch", rules: RULES });
    expect(c.hunks.map((h) => h.domains)).toEqual([["architecture"], ["optimizer"], ["data"]]);
    expect(c.classified).toEqual(["architecture", "optimizer", "data"]);
    expect(c).toMatchObject({ source: "diff", declared: "architecture", disagreement: false, rulesFrom: "task" });
    expect(touchesDomain(c, "arch")).toBe(true);
  });

  it("flags a declared domain the diff does not touch, and calls unmatched hunks other", () => {
    const c = classifyEdit({ diff: MULTI, declared: "sched", rules: [{ name: "architecture", patterns: ["n_head"] }] });
    expect(c.classified).toEqual(["architecture", "other"]);
    expect(c.disagreement).toBe(true);
    expect(c.declared).toBe("schedule");
  });

  it("lets the declared domain stand alone when there is no diff", () => {
    const c = classifyEdit({ diff: null, declared: "arch", rules: RULES });
    expect(c).toMatchObject({ source: "declared", domains: ["architecture"], classified: [], disagreement: false });
    expect(classifyEdit({ diff: undefined, declared: "baseline" })).toMatchObject({ source: "none", domains: [] });
  });

  it("uses default rules when the task has none, and skips invalid task patterns", () => {
    expect(classifyEdit({ diff: MULTI, declared: null }).classified).toEqual(expect.arrayContaining(["architecture", "optimizer"]));
    const c = classifyEdit({ diff: MULTI, declared: null, rules: [{ name: "architecture", patterns: ["(unclosed", "n_head"] }] });
    expect(c.classified).toContain("architecture");
  });

  it("maps shorthand domain names", () => {
    expect(["arch", "opt", "sched", "sys", "aug", "eval", "Quant", "weird"].map(domainName)).toEqual([
      "architecture",
      "optimizer",
      "schedule",
      "systems",
      "data",
      "evaluation",
      "quantization",
      "weird",
    ]);
  });
});
