// A run driven by `lineage run` in its own process, and external agents reaching it through
// `lineage mcp` (stdio) with the MCP SDK's own client: the setup the MCP submission tests share.
import { spawn, type ChildProcess } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { createTwoFilesPatch } from "diff";
import { expect } from "vitest";
import { LINEAGE_BIN } from "./server";

export type ToolData = Record<string, any>;
export type ToolAnswer = { isError: boolean; data: ToolData; text: string };

export type RunnerProcess = {
  proc: ChildProcess;
  runId: string;
  /** everything it printed so far (stdout and stderr) */
  output: () => string;
  /** waits for it to exit (its code), or null when it has not within `ms` */
  exited: (ms: number) => Promise<number | null>;
  kill: () => void;
};

/** Starts `lineage run <args> --json --db <db>` and waits for its baseline trial to be recorded. */
export async function startRunPastBaseline(args: string[], db: string): Promise<RunnerProcess> {
  const proc = spawn(process.execPath, [LINEAGE_BIN, "run", ...args, "--json", "--db", db], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  const end = Date.now() + 60_000;
  while (!/"event":"trial".*"seq":1/.test(out)) {
    if (Date.now() > end || proc.exitCode !== null) {
      if (proc.exitCode === null) proc.kill("SIGTERM");
      throw new Error(`the baseline did not finish:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const runId = JSON.parse(out.split("\n").find((l) => l.includes('"event":"started"'))!).runId as string;
  return {
    proc,
    runId,
    output: () => out,
    exited: async (ms) => {
      const until = Date.now() + ms;
      while (proc.exitCode === null && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      return proc.exitCode;
    },
    kill: () => {
      if (proc.exitCode === null) proc.kill("SIGTERM");
    },
  };
}

/** A client connected to its own `lineage mcp --db <db>` process. */
export async function connectMcp(db: string, name: string): Promise<Client> {
  const client = new Client({ name, version: "1.0.0" });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [LINEAGE_BIN, "mcp", "--db", db], stderr: "pipe" }));
  return client;
}

/** Calls a tool and returns its answer as data, error flag and first text. */
export async function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<ToolAnswer> {
  const r = await client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 });
  return { isError: Boolean(r.isError), data: r.structuredContent as ToolData, text: (r.content as { text: string }[])[0]?.text ?? "" };
}

export type ToolCall = (name: string, args: Record<string, unknown>) => Promise<ToolAnswer>;

/**
 * The scripted agent of a golf-mini run with agents model=mcp,codec=mcp, over any transport: `n`
 * rounds of get_lineage_context → get_trial_code → submit_trial, alternating the two agents (model
 * lowers its smoothing, codec adds a comment), each outcome checked as it comes; returns the outcomes.
 */
export async function scriptedAgentLoop(call: ToolCall, runId: string, n: number): Promise<ToolData[]> {
  const codeOf = async (trialId: string, path: string) => (await call("get_trial_code", { trialId, path })).data.files[0].content as string;
  const edit = (path: string, before: string, after: string) =>
    createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context: 3 });
  const alphas = ["0.5", "0.25", "0.1", "0.05", "0.02"];
  const seen: ToolData[] = [];
  for (let i = 0; i < n; i++) {
    const agent = i % 2 === 0 ? "model" : "codec";
    const ctx = await call("get_lineage_context", { runId, agent });
    expect(ctx.isError, ctx.text).toBe(false);
    expect(ctx.data.text).toContain(`You are specialist **${agent}**`);
    const parentId = ctx.data.parentId as string;
    let diff: string;
    let hypothesis: string;
    if (agent === "model") {
      const model = await codeOf(parentId, "model.mjs");
      const next = model.replace(/const ALPHA = [0-9.]+;/, `const ALPHA = ${alphas[(i / 2) % alphas.length]};`);
      diff = edit("model.mjs", model, next);
      hypothesis = `smaller add-alpha smoothing (${alphas[(i / 2) % alphas.length]}) sharpens the order-1 counts`;
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
  return seen;
}
