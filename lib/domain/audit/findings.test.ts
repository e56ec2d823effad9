import { describe, expect, it } from "vitest";
import { evaluatorFilesOf } from "./evaluator-files";
import { trialFindings, withinNoise, type AuditTrial } from "./findings";
import type { AuditTask } from "./types";

const TASK: AuditTask = {
  metricName: "val_bpb",
  direction: "minimize",
  noiseFloor: 0.0002,
  budgets: { wallclockSeconds: 600, artifactBytes: 16_000_000, memoryBytes: 1000 },
  gates: [{ metric: "accuracy", op: ">=", value: 0.96 }],
  protectedPaths: ["eval/**", "harness.py"],
  surfaces: [{ name: "optimizer", paths: ["train/optim/**"] }],
};

const trial = (t: Partial<AuditTrial> = {}): AuditTrial => ({
  status: "evaluated",
  score: 1.07,
  failure: null,
  metrics: { accuracy: 0.97 },
  wallclockSeconds: 500,
  peakMemoryBytes: 10,
  artifactBytes: 100,
  kept: false,
  isBest: false,
  deltaVsParent: -0.01,
  diff: null,
  agentSurface: null,
  ...t,
});

const kinds = (t: AuditTrial, task = TASK) => trialFindings(t, task).map((f) => f.kind);

describe("trialFindings", () => {
  it("finds nothing on a clean trial", () => {
    expect(trialFindings(trial(), TASK)).toEqual([]);
  });

  it("names a protected path with the offending hunk as evidence", () => {
    const diff = "--- a/eval/score.py\n+++ b/eval/score.py\n@@ -1 +1 @@\n-return acc\n+return acc + 0.01\n";
    const [f] = trialFindings(trial({ diff }), TASK);
    expect(f).toMatchObject({ kind: "protected_path", severity: "legality", evidence: { file: "eval/score.py" } });
    expect(f.evidence.hunk).toContain("+return acc + 0.01");
  });

  it("flags an edit outside its agent's surface, and not one inside it", () => {
    const inside = "--- a/train/optim/muon.py\n+++ b/train/optim/muon.py\n@@ -1 +1 @@\n-m=0.9\n+m=0.95\n";
    const outside = "--- a/model.py\n+++ b/model.py\n@@ -1 +1 @@\n-n=1\n+n=2\n";
    expect(kinds(trial({ diff: inside, agentSurface: "optimizer" }))).toEqual([]);
    expect(kinds(trial({ diff: outside, agentSurface: "optimizer" }))).toEqual(["outside_surface"]);
  });

  it("flags evaluation-looking changes by default patterns and by the task's evaluation rule", () => {
    const seed =
      "--- a/data.py\n+++ b/data.py\n@@ -1 +1 @@\n-train, test = random_split(ds, [0.9, 0.1], generator=g)\n+train, test = random_split(ds, [0.9, 0.1], generator=torch.Generator().manual_seed(7))\n";
    expect(kinds(trial({ diff: seed }))).toEqual(["evaluation_code"]);
    const custom = { ...TASK, domains: [{ name: "evaluation", patterns: ["score_fn"] }] };
    const diff = "--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n-y = score_fn(a)\n+y = score_fn(b)\n";
    expect(kinds(trial({ diff }), custom)).toEqual(["evaluation_code"]);
    expect(kinds(trial({ diff }))).toEqual([]);
  });

  it("reports budgets and gates with the figure and its limit", () => {
    const f = trialFindings(trial({ wallclockSeconds: 700, artifactBytes: 16_000_001, peakMemoryBytes: 2000, metrics: { accuracy: 0.95 } }), TASK);
    expect(f.map((x) => x.kind)).toEqual(["budget_wallclock", "budget_memory", "budget_artifact", "gate_missed"]);
    expect(f[3].evidence).toEqual({ metric: "accuracy", figure: 0.95, limit: 0.96 });
    expect(f[0].evidence).toEqual({ figure: 700, limit: 600 });
  });

  it("groups byte figures and says how far over the cap a trial is", () => {
    const f = trialFindings(trial({ artifactBytes: 16_005_982, peakMemoryBytes: 1001 }), TASK);
    expect(f.find((x) => x.kind === "budget_artifact")?.message).toBe("artifact 16,005,982 bytes, 5,982 bytes over the 16,000,000-byte cap");
    expect(f.find((x) => x.kind === "budget_memory")?.message).toBe("peak memory 1,001 bytes, 1 byte over the 1,000-byte budget");
  });

  it("takes the evaluator's gate_miss label even when the recorded figure looks like a pass", () => {
    const [f] = trialFindings(
      trial({ score: null, failure: "gate_miss", failureDetail: "accuracy 0.96 below the 0.96 gate", metrics: { accuracy: 0.96 } }),
      TASK,
    );
    expect(f).toMatchObject({ kind: "gate_missed", message: expect.stringContaining("labelled"), evidence: { figure: 0.96, limit: 0.96 } });
  });

  it("flags keeps and new bests whose gain over the parent is within the noise floor", () => {
    expect(kinds(trial({ kept: true, deltaVsParent: -0.0001 }))).toEqual(["within_noise"]);
    expect(kinds(trial({ isBest: true, deltaVsParent: -0.0002 }))).toEqual(["within_noise"]);
    expect(kinds(trial({ kept: true, deltaVsParent: -0.0003 }))).toEqual([]);
    expect(kinds(trial({ kept: false, deltaVsParent: -0.0001 }))).toEqual([]);
    expect(withinNoise({ kept: true, isBest: false, deltaVsParent: 0.0001 }, { direction: "maximize", noiseFloor: 0.001 })).toEqual({
      gain: 0.0001,
      floor: 0.001,
    });
    expect(withinNoise({ kept: true, isBest: false, deltaVsParent: 0.0001 }, { direction: "maximize", noiseFloor: null })).toBeNull();
  });

  it("flags a re-evaluation outside tolerance", () => {
    const f = trialFindings(trial(), TASK, [
      { score: 1.08, difference: 0.01, tolerance: 0.0002, withinTolerance: false },
      { score: 1.07, difference: 0, tolerance: 0.0002, withinTolerance: true },
    ]);
    expect(f.map((x) => x.kind)).toEqual(["not_reproducible"]);
  });

  it("bounds hunk evidence of a huge hunk", () => {
    const body = Array.from({ length: 5000 }, (_, i) => `+line ${i}`).join("\n");
    const [f] = trialFindings(trial({ diff: `--- a/eval/x.py\n+++ b/eval/x.py\n@@ -0,0 +1,5000 @@\n${body}\n` }), TASK);
    expect(f.evidence.hunk!.length).toBeLessThan(4100);
    expect(f.evidence.hunk).toContain("5001 lines in all");
  });

  it("flags a trial whose evaluator files differ from the task's, naming both hashes and each differing file", () => {
    const protectedPaths = ["eval/**", "harness.py"];
    const ran = evaluatorFilesOf({ "eval/score.py": "aaa", "harness.py": "bbb", "eval/old.py": "ccc", "train/model.py": "ddd" }, protectedPaths);
    const now = evaluatorFilesOf(
      { "eval/score.py": "AAA", "harness.py": "bbb", "eval/new.py": "eee", "train/model.py": "changed, not protected" },
      protectedPaths,
    );
    expect(Object.keys(ran.files)).toEqual(["eval/old.py", "eval/score.py", "harness.py"]);
    const [f] = trialFindings(trial({ evaluatorHash: ran.hash, evaluatorFiles: ran.files }), { ...TASK, evaluator: now });
    expect(f).toMatchObject({
      kind: "evaluator_changed",
      severity: "legality",
      evidence: { hashes: { trial: ran.hash, task: now.hash }, file: "eval/new.py" },
    });
    expect(f.evidence.files).toEqual([
      { path: "eval/new.py", change: "missing" },
      { path: "eval/old.py", change: "added" },
      { path: "eval/score.py", change: "changed" },
    ]);
    expect(f.message).toContain("eval/score.py (differs)");
    expect(f.evidence.hunk).toContain(ran.hash);
    expect(f.evidence.hunk).toContain(now.hash);
  });

  it("no evaluator finding when the files match, when only unprotected files changed, or with nothing to compare", () => {
    const protectedPaths = ["eval/**"];
    const ran = evaluatorFilesOf({ "eval/score.py": "aaa", "train.py": "x" }, protectedPaths);
    const same = evaluatorFilesOf({ "eval/score.py": "aaa", "train.py": "y" }, protectedPaths);
    expect(same.hash).toBe(ran.hash);
    expect(kinds(trial({ evaluatorHash: ran.hash }), { ...TASK, evaluator: same })).toEqual([]);
    expect(kinds(trial({ evaluatorHash: null }), { ...TASK, evaluator: same })).toEqual([]);
    expect(kinds(trial({ evaluatorHash: "f".repeat(64) }), { ...TASK, evaluator: null })).toEqual([]);
    // Without the trial's files the finding still stands, on the hashes alone.
    const [f] = trialFindings(trial({ evaluatorHash: "f".repeat(64) }), { ...TASK, evaluator: same });
    expect(f.kind).toBe("evaluator_changed");
    expect(f.evidence.files).toEqual([]);
  });
});
