// `lineage mcp` over stdio, driven by the MCP SDK's own client: the reading tools answer what the
// services answer, refusals come back as tool errors naming the problem, resources resolve.
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTraceText } from "../lib/domain/jsonl";
import { ingestTrace } from "../lib/services/ingest-trace";
import { smallTrace, toJsonl } from "./support/traces";
import { tempDb } from "./support/temp-db";

const BIN = join(import.meta.dirname, "..", "bin", "lineage.mjs");
type Structured = Record<string, any>;

describe("lineage mcp (stdio)", () => {
  let t: ReturnType<typeof tempDb>;
  let client: Client;
  beforeAll(async () => {
    t = tempDb();
    ingestTrace(t.db, parseTraceText(toJsonl(smallTrace())), { logTailChars: 1000 });
    client = new Client({ name: "lineage-test", version: "1.0.0" });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, "mcp", "--db", t.path], stderr: "pipe" }));
  }, 60_000);
  afterAll(async () => {
    await client?.close();
    t?.cleanup();
  });

  const call = async (name: string, args: Record<string, unknown>) => {
    const r = await client.callTool({ name, arguments: args });
    return { isError: Boolean(r.isError), data: r.structuredContent as Structured, text: (r.content as { text: string }[])[0]?.text ?? "" };
  };

  it("lists its tools, each with an input schema", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((x) => x.name).sort()).toEqual([
      "compare_trials",
      "get_lineage_context",
      "get_run",
      "get_trial",
      "get_trial_code",
      "list_runs",
      "list_trials",
      "submit_trial",
    ]);
    for (const tool of tools) expect(tool.inputSchema.type).toBe("object");
  });

  it("reads runs, trials and a trial in full", async () => {
    const runs = await call("list_runs", {});
    expect(runs.data.runs.map((r: Structured) => r.id)).toEqual(["run-1"]);
    expect(runs.data.runs[0].summary).toMatchObject({ trialCount: 4, bestScore: 1.4 });
    const run = await call("get_run", { runId: "run-1" });
    expect(run.data.agents.map((a: Structured) => a.id).sort()).toEqual(["a-arch", "a-opt"]);
    const failed = await call("list_trials", { runId: "run-1", failure: "crash" });
    expect(failed.data.items.map((x: Structured) => x.id)).toEqual(["t2"]);
    const byScore = await call("list_trials", { runId: "run-1", sort: "score", limit: 1 });
    expect(byScore.data.items[0].id).toBe("t1");
    expect(byScore.data.nextCursor).toEqual(expect.any(String));
    const trial = await call("get_trial", { trialId: "t1" });
    expect(trial.data.trial).toMatchObject({ id: "t1", score: 1.4, kept: true });
    expect(trial.data.deltaVsParent).toBeCloseTo(-0.1, 10);
    expect(trial.data.diff.text ?? JSON.stringify(trial.data.diff)).toContain("+b");
    expect(trial.data.audit).toHaveProperty("findings");
    const compared = await call("compare_trials", { trialId: "t1", with: "t3" });
    expect(compared.isError).toBe(false);
    expect(compared.data).toMatchObject({ trial: { id: "t1" }, other: { id: "t3" } });
  });

  it("gives an agent the lineage context the built-in runner would give it", async () => {
    const ctx = await call("get_lineage_context", { runId: "run-1", agent: "architecture" });
    expect(ctx.isError).toBe(false);
    expect(ctx.data).toMatchObject({ agent: { id: "a-arch", surface: "architecture" }, parentId: "t1", best: { id: "t1" }, failureCounts: { crash: 1 } });
    expect(ctx.data.recent.map((t: Structured) => t.id)).toContain("t2");
    expect(ctx.data.text).toContain("crash");
    expect(ctx.data.refs).toEqual(expect.arrayContaining(["t1", "t2"]));
    const nobody = await call("get_lineage_context", { runId: "run-1", agent: "nobody" });
    expect(nobody.isError).toBe(true);
    expect(nobody.text).toContain("its agents: ");
  });

  it("offers a specialist prompt built from the run's task and the agent's context", async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(["specialist"]);
    const p = await client.getPrompt({ name: "specialist", arguments: { runId: "run-1", agent: "architecture" } });
    const text = (p.messages[0].content as { text: string }).text;
    expect(text).toContain("You are specialist **architecture**");
    expect(text).toContain("submit_trial");
    expect(text).toContain('trialId "t1"');
  });

  it("answers refusals as tool errors that name the problem", async () => {
    const unknown = await call("get_run", { runId: "nope" });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/^not_found: run "nope"/);
    const badFilter = await call("list_trials", { runId: "run-1", failure: "exploded" });
    expect(badFilter.isError).toBe(true);
    expect(badFilter.text).toContain("failure");
    const otherRun = await call("compare_trials", { trialId: "t1", with: "missing" });
    expect(otherRun.isError).toBe(true);
  });

  it("serves a run's summary and a trial's diff as resources", async () => {
    const run = await client.readResource({ uri: "lineage://runs/run-1" });
    expect(JSON.parse((run.contents[0] as { text: string }).text)).toMatchObject({ id: "run-1", summary: { trialCount: 4 } });
    const diff = await client.readResource({ uri: "lineage://trials/t1/diff" });
    expect((diff.contents[0] as { text: string }).text).toContain("+b");
  });
});
