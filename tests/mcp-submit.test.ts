// An external agent in the loop: `lineage run golf-mini --agents model=mcp,codec=mcp` runs the
// baseline and waits; a scripted agent, through the MCP SDK's own client over stdio, reads its
// context, reads the parent's code, submits edits and reads their outcomes. Protected paths and
// surfaces are refused as illegal_edit without running; a malformed diff, an unknown run and a
// spent budget are tool errors; the run finishes when its budget is spent, with context refs true.
import { join } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { createTwoFilesPatch } from "diff";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool, connectMcp, scriptedAgentLoop, startRunPastBaseline, type RunnerProcess } from "./support/mcp-run";
import { tempDir } from "./support/temp-db";

const TRIALS = 14; // the baseline, 10 scripted edits, 2 refused edits, 1 to spend the budget

describe("submit_trial over MCP (stdio)", () => {
  let dir: ReturnType<typeof tempDir>;
  let db: string;
  let runner: RunnerProcess;
  let client: Client;
  let runId: string;

  beforeAll(async () => {
    dir = tempDir();
    db = join(dir.dir, "mcp-run.db");
    runner = await startRunPastBaseline(["golf-mini", "--agents", "model=mcp,codec=mcp", "--trials", String(TRIALS)], db);
    runId = runner.runId;
    client = await connectMcp(db, "scripted-agent");
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    runner?.kill();
    dir?.cleanup();
  });

  const call = (name: string, args: Record<string, unknown>) => callTool(client, name, args);
  const codeOf = async (trialId: string, path: string) => (await call("get_trial_code", { trialId, path })).data.files[0].content as string;
  const edit = (path: string, before: string, after: string) =>
    createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context: 3 });

  it("loops context → code → submit → outcome for ten trials", async () => {
    const seen = await scriptedAgentLoop(call, runId, 10);
    const scored = seen.filter((s) => s.failure === null);
    expect(scored.length).toBeGreaterThanOrEqual(8);
    expect(seen.some((s) => s.newBest)).toBe(true);
    const trial = await call("get_trial", { trialId: seen[0].trialId });
    expect(trial.data.trial).toMatchObject({ agentId: expect.any(String), hypothesis: expect.stringContaining("add-alpha") });
    expect(trial.data.trial.contextRefs.length).toBeGreaterThan(0);
  }, 300_000);

  it("refuses an edit of a protected path or outside the agent's surface as illegal_edit, and runs nothing", async () => {
    const ctx = await call("get_lineage_context", { runId, agent: "model" });
    const run = await codeOf(ctx.data.parentId, "run.mjs");
    const forged = await call("submit_trial", {
      runId,
      agent: "model",
      hypothesis: "print a perfect score",
      diff: edit("run.mjs", run, `${run}console.log("0.0");\n`),
    });
    expect(forged.isError, forged.text).toBe(false);
    expect(forged.data).toMatchObject({ failure: "illegal_edit", score: null });
    expect(forged.data.failureDetail).toContain("run.mjs");
    const codec = await codeOf(ctx.data.parentId, "codec.mjs");
    const outside = await call("submit_trial", { runId, agent: "model", hypothesis: "touch the codec", diff: edit("codec.mjs", codec, `${codec}// x\n`) });
    expect(outside.data).toMatchObject({ failure: "illegal_edit" });
    const full = await call("get_trial", { trialId: forged.data.trialId });
    expect(full.data.trial.wallclockSeconds ?? null).toBeNull(); // never ran
  }, 120_000);

  it("answers a malformed diff, an unknown run, an unknown agent and a spent budget with tool errors", async () => {
    const malformed = await call("submit_trial", { runId, agent: "model", hypothesis: "x", diff: "make it better please" });
    expect(malformed.isError).toBe(true);
    expect(malformed.text).toMatch(/^invalid_input: field diff: not a unified diff/);
    const unknown = await call("submit_trial", { runId: "no-such-run", agent: "model", hypothesis: "x", diff: "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n" });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/^not_found: run "no-such-run"/);
    const nobody = await call("submit_trial", { runId, agent: "optimizer", hypothesis: "x", diff: "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n" });
    expect(nobody.text).toMatch(/has no agent "optimizer"/);

    // spend the budget: the last allowed submission, then one too many
    const ctx = await call("get_lineage_context", { runId, agent: "codec" });
    const codec = await codeOf(ctx.data.parentId, "codec.mjs");
    const last = await call("submit_trial", { runId, agent: "codec", hypothesis: "the last one", diff: edit("codec.mjs", codec, `${codec}// last\n`) });
    expect(last.isError, last.text).toBe(false);
    const over = await call("submit_trial", { runId, agent: "codec", hypothesis: "one too many", diff: edit("codec.mjs", codec, `${codec}// more\n`) });
    expect(over.isError).toBe(true);
    expect(over.text).toMatch(/trial budget of 14|is finished/);
    // the runner sees the budget spent and finishes the run
    expect(await runner.exited(30_000), runner.output()).toBe(0);
    const summary = await call("get_run", { runId });
    expect(summary.data).toMatchObject({ status: "finished", summary: { trialCount: TRIALS } });
    const finished = await call("submit_trial", { runId, agent: "codec", hypothesis: "after the end", diff: edit("codec.mjs", codec, `${codec}// after\n`) });
    expect(finished.text).toMatch(/is finished; submissions are taken only while it runs/);
  }, 120_000);
});
