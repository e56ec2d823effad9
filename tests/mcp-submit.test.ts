// An external agent in the loop: `lineage run golf-mini --agents model=mcp,codec=mcp` runs the
// baseline and waits; a scripted agent, through the MCP SDK's own client over stdio, reads its
// context, reads the parent's code, submits edits and reads their outcomes. Protected paths and
// surfaces are refused as illegal_edit without running; a malformed diff, an unknown run and a
// spent budget are tool errors; the run finishes when its budget is spent, with context refs true.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { createTwoFilesPatch } from "diff";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./support/temp-db";

const BIN = join(import.meta.dirname, "..", "bin", "lineage.mjs");
type Data = Record<string, any>;
const TRIALS = 14; // the baseline, 10 scripted edits, 2 refused edits, 1 to spend the budget

describe("submit_trial over MCP (stdio)", () => {
  let dir: ReturnType<typeof tempDir>;
  let db: string;
  let runner: ChildProcess;
  let runnerOut = "";
  let client: Client;
  let runId: string;

  beforeAll(async () => {
    dir = tempDir();
    db = join(dir.dir, "mcp-run.db");
    runner = spawn(process.execPath, [BIN, "run", "golf-mini", "--agents", "model=mcp,codec=mcp", "--trials", String(TRIALS), "--json", "--db", db], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    runner.stdout!.on("data", (d) => (runnerOut += d));
    runner.stderr!.on("data", (d) => (runnerOut += d));
    const end = Date.now() + 60_000;
    while (!/"event":"trial".*"seq":1/.test(runnerOut)) {
      if (Date.now() > end || runner.exitCode !== null) throw new Error(`the baseline did not finish:\n${runnerOut}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    runId = JSON.parse(runnerOut.split("\n").find((l) => l.includes('"event":"started"'))!).runId;
    client = new Client({ name: "scripted-agent", version: "1.0.0" });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, "mcp", "--db", db], stderr: "pipe" }));
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    if (runner && runner.exitCode === null) runner.kill("SIGTERM");
    dir?.cleanup();
  });

  const call = async (name: string, args: Record<string, unknown>) => {
    const r = await client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 });
    return { isError: Boolean(r.isError), data: r.structuredContent as Data, text: (r.content as { text: string }[])[0]?.text ?? "" };
  };
  const codeOf = async (trialId: string, path: string) => (await call("get_trial_code", { trialId, path })).data.files[0].content as string;
  const edit = (path: string, before: string, after: string) =>
    createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context: 3 });

  it("loops context → code → submit → outcome for ten trials", async () => {
    const alphas = ["0.5", "0.25", "0.1", "0.05", "0.02"];
    const seen: Data[] = [];
    for (let i = 0; i < 10; i++) {
      const agent = i % 2 === 0 ? "model" : "codec";
      const ctx = await call("get_lineage_context", { runId, agent });
      expect(ctx.isError, ctx.text).toBe(false);
      expect(ctx.data.text).toContain(`You are specialist **${agent}**`);
      const parentId = ctx.data.parentId as string;
      let diff: string;
      let hypothesis: string;
      if (agent === "model") {
        const model = await codeOf(parentId, "model.mjs");
        const next = model.replace(/const ALPHA = [0-9.]+;/, `const ALPHA = ${alphas[i / 2]};`);
        diff = edit("model.mjs", model, next);
        hypothesis = `smaller add-alpha smoothing (${alphas[i / 2]}) sharpens the order-1 counts`;
      } else {
        const codec = await codeOf(parentId, "codec.mjs");
        diff = edit("codec.mjs", codec, `${codec}// note ${i}: the codec is unchanged in behaviour\n`);
        hypothesis = "a comment only: the score should not move";
      }
      const r = await call("submit_trial", { runId, agent, hypothesis, diff, expectedDelta: -0.01 });
      expect(r.isError, r.text).toBe(false);
      expect(r.data.trialId).toEqual(expect.any(String));
      expect(r.data.failure === null ? typeof r.data.score : r.data.failure).toMatch(/number|[a-z_]+/);
      // the trials the agent read through get_lineage_context are this submission's context refs
      expect(r.data.contextRefs).toEqual(expect.arrayContaining(ctx.data.refs));
      seen.push(r.data);
    }
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
    const end = Date.now() + 30_000;
    while (runner.exitCode === null && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(runner.exitCode, runnerOut).toBe(0);
    const summary = await call("get_run", { runId });
    expect(summary.data).toMatchObject({ status: "finished", summary: { trialCount: TRIALS } });
    const finished = await call("submit_trial", { runId, agent: "codec", hypothesis: "after the end", diff: edit("codec.mjs", codec, `${codec}// after\n`) });
    expect(finished.text).toMatch(/is finished; submissions are taken only while it runs/);
  }, 120_000);
});
