// Proposers that live with their task: golf-mini's builtin:mutate is loaded from tasks/golf-mini/
// through its task.json at run time; a task without one says so; a manifest naming a missing module
// is refused at load, naming the field.
import { writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { LineageView } from "../lib/domain/lineage-view";
import { loadTask, resolveTask, type LoadedTask } from "../lib/evaluator/task";
import { createProposer } from "../lib/runner/proposers";
import { ProposalError, type ProposalRequest } from "../lib/runner/proposers/types";
import { writeTask } from "./runner-fixtures";
import { tempDir } from "./support/temp-db";

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const settings = { openai: { baseUrl: "" } };

function request(task: LoadedTask, surface?: string): ProposalRequest {
  const baseline = {
    id: "b",
    seq: 1,
    agent: null,
    hypothesis: "",
    diff: null,
    score: 1,
    metrics: null,
    failure: null,
    failureDetail: null,
    feedback: null,
    kept: true,
    isBest: true,
    delta: null,
    artifactBytes: null,
    move: null,
    parentIds: [],
  };
  const view: LineageView = { feedback: "none", trialCount: 1, baseline, best: baseline, bestLineage: [baseline], top: [], recent: [], labelCounts: {} };
  const paths = task.manifest.surfaces?.find((s) => s.name === surface)?.paths;
  return {
    task,
    agent: { id: "a", name: "a", surface, surfacePaths: paths },
    context: "",
    view,
    parent: { id: "b", files: task.baseline },
    codeOf: () => undefined,
    scratchDir: "/nonexistent",
    rand: () => 0.3,
    signal: new AbortController().signal,
  };
}

describe("task proposers", () => {
  it("golf-mini's builtin:mutate is its own module, loaded through task.json, and edits the agent's surface", async () => {
    const golf = resolveTask("golf-mini");
    expect(golf.manifest.proposers).toEqual({ "builtin:mutate": "proposer/mutate.ts" });
    expect(golf.record).not.toHaveProperty("proposers"); // the trace's task record stays as it was
    const p = await createProposer("builtin:mutate", settings, golf).propose(request(golf, "codec"));
    expect(p.diff).toMatch(/^diff --git a\/codec\.mjs b\/codec\.mjs$/m);
    expect(p.hypothesis.length).toBeGreaterThan(20);
    expect(p.extra?.move).toEqual(expect.any(String));
  });

  it("a task without builtin:mutate refuses each proposal and says why", async () => {
    const { dir, cleanup } = tempDir("lineage-proposers-");
    cleanups.push(cleanup);
    const task = loadTask(writeTask(join(dir, "task"), { "evaluate.mjs": "" }));
    const proposal = createProposer("builtin:mutate", settings, task).propose(request(task));
    await expect(proposal).rejects.toBeInstanceOf(ProposalError);
    await expect(proposal).rejects.toThrow(/task fixture has no proposer of that name .*"proposers".*command:<cmd> or openai:<model>/);
  });

  it("a task.json naming a proposer module that is not there is refused at load, naming the field", () => {
    const { dir, cleanup } = tempDir("lineage-proposers-");
    cleanups.push(cleanup);
    const taskDir = writeTask(join(dir, "task"), { "evaluate.mjs": "" });
    const manifest = JSON.parse(readFileSync(join(taskDir, "task.json"), "utf8"));
    writeFileSync(join(taskDir, "task.json"), JSON.stringify({ ...manifest, proposers: { "builtin:mutate": "proposer/missing.ts" } }));
    expect(() => loadTask(taskDir)).toThrow(/field proposers\.builtin:mutate: proposer\/missing\.ts is not a file of the task/);
    writeFileSync(join(taskDir, "task.json"), JSON.stringify({ ...manifest, proposers: { mutate: "x.ts" } }));
    expect(() => loadTask(taskDir)).toThrow(/field proposers/);
  });
});
