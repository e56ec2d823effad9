// Run-scoped agent tokens over Streamable HTTP, with the MCP SDK's own client against the built
// server: `lineage token create --run RUN --agent NAME` mints a token that reads its run and submits
// as its agent, and is refused for another run, another agent, and every route but /api/mcp.
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { createTwoFilesPatch } from "diff";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, startServer, type TestServer } from "./support/server";
import { tempDir } from "./support/temp-db";
import { smallTrace, toJsonl } from "./support/traces";

const BIN = join(import.meta.dirname, "..", "bin", "lineage.mjs");
type Data = Record<string, any>;

let dir: ReturnType<typeof tempDir>;
let dbPath: string;
let server: TestServer;
let runner: ChildProcess;
let runnerOut = "";
let runId: string;
let agentToken: { token: string; id: string; agent: string };

beforeAll(async () => {
  dir = tempDir();
  dbPath = join(dir.dir, "agent-token.db");
  const trace = join(dir.dir, "trace.jsonl");
  writeFileSync(trace, toJsonl(smallTrace()));
  expect((await runCli(["import", trace, "--db", dbPath])).code).toBe(0);
  expect((await runCli(["user", "add", "adam", "--role", "admin", "--db", dbPath], { input: "adam-password-123\n" })).code).toBe(0);
  runner = spawn(process.execPath, [BIN, "run", "golf-mini", "--agents", "model=mcp,codec=mcp", "--trials", "6", "--json", "--db", dbPath], {
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
  const made = await runCli(["token", "create", "--run", runId, "--agent", "model", "--json", "--db", dbPath]);
  expect(made.code, made.stderr).toBe(0);
  agentToken = JSON.parse(made.stdout);
  server = await startServer(dbPath, { LINEAGE_NO_DEMO: "1" });
}, 180_000);
afterAll(async () => {
  await server?.stop();
  if (runner && runner.exitCode === null) runner.kill("SIGTERM");
  dir?.cleanup();
});

async function connect(token: string): Promise<Client> {
  const client = new Client({ name: "agent-token-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/api/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}
async function call(client: Client, name: string, args: Record<string, unknown>) {
  const r = await client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 });
  return { isError: Boolean(r.isError), data: r.structuredContent as Data, text: (r.content as { text: string }[])[0]?.text ?? "" };
}
async function codecEdit(client: Client, agent = "model") {
  const ctx = await call(client, "get_lineage_context", { runId, agent });
  expect(ctx.isError, ctx.text).toBe(false);
  const path = agent === "model" ? "model.mjs" : "codec.mjs";
  const code = await call(client, "get_trial_code", { trialId: ctx.data.parentId, path });
  const before = code.data.files[0].content as string;
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, before, `${before}// a comment\n`, undefined, undefined, { context: 3 });
}

describe("agent tokens (lineage token create --run RUN --agent NAME)", () => {
  it("read their run and submit as their agent", async () => {
    expect(agentToken).toMatchObject({ agent: "model", runId, token: expect.stringMatching(/^lin_agent_/) });
    const client = await connect(agentToken.token);
    try {
      const runs = await call(client, "list_runs", {});
      expect(runs.data.runs.map((r: Data) => r.id)).toEqual([runId]); // run-1 exists, but is not its run
      const run = await call(client, "get_run", { runId });
      expect(run.isError, run.text).toBe(false);
      const r = await call(client, "submit_trial", { runId, agent: "model", hypothesis: "a comment only", diff: await codecEdit(client) });
      expect(r.isError, r.text).toBe(false);
      expect(r.data).toMatchObject({ trialId: expect.any(String), failure: null, score: expect.any(Number) });
      const trial = await call(client, "get_trial", { trialId: r.data.trialId });
      expect(trial.data.trial.agentId).toEqual(expect.any(String));
    } finally {
      await client.close();
    }
  }, 180_000);

  it("are refused another agent, another run and that run's trials, as tool errors", async () => {
    const client = await connect(agentToken.token);
    try {
      const asCodec = await call(client, "submit_trial", { runId, agent: "codec", hypothesis: "x", diff: await codecEdit(client, "codec") });
      expect(asCodec.isError).toBe(true);
      expect(asCodec.text).toMatch(/^forbidden: this token is agent model's of run ".*": it submits only as model, not as "codec"/);
      const otherRun = await call(client, "submit_trial", { runId: "run-1", agent: "opt", hypothesis: "x", diff: "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n" });
      expect(otherRun.text).toMatch(/^forbidden: .* it reads and submits only in that run, not in "run-1"/);
      expect((await call(client, "get_run", { runId: "run-1" })).text).toMatch(/^forbidden: .*not in "run-1"/);
      expect((await call(client, "list_trials", { runId: "run-1" })).isError).toBe(true);
      expect((await call(client, "get_trial", { trialId: "t1" })).text).toMatch(/^forbidden: .*trial "t1" is of another run/);
      expect((await call(client, "get_trial_code", { trialId: "t1" })).isError).toBe(true);
    } finally {
      await client.close();
    }
    // the refused submission never ran: the run holds the baseline and the one trial above
    const admin = (await runCli(["user", "token", "adam", "--db", dbPath])).stdout.trim();
    const adminClient = await connect(admin);
    try {
      const trials = await call(adminClient, "list_trials", { runId, limit: 50 });
      expect(trials.data.items).toHaveLength(2);
    } finally {
      await adminClient.close();
    }
  }, 180_000);

  it("cannot use the API's other routes, and stop working when revoked", async () => {
    const auth = { Authorization: `Bearer ${agentToken.token}` };
    const runs = await fetch(`${server.url}/api/runs`, { headers: auth });
    expect(runs.status).toBe(403);
    expect(JSON.stringify(await runs.json())).toContain("valid only at /api/mcp");
    const ingest = await fetch(`${server.url}/api/trace`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/x-ndjson" },
      body: toJsonl(smallTrace()),
    });
    expect(ingest.status).toBe(403);
    const stop = await fetch(`${server.url}/api/runs/${runId}/control/stop`, { method: "POST", headers: auth });
    expect(stop.status).toBe(403);

    const listed = await runCli(["token", "list", "--run", runId, "--json", "--db", dbPath]);
    expect(JSON.parse(listed.stdout).tokens).toEqual([expect.objectContaining({ id: agentToken.id, revokedAt: null })]);
    expect((await runCli(["token", "revoke", agentToken.id, "--db", dbPath])).code).toBe(0);
    await expect(connect(agentToken.token)).rejects.toThrow(/401|unauthorized/i);
  }, 60_000);

  it("are made only for an external agent of a run Lineage drives", async () => {
    const record = await runCli(["token", "create", "--run", "run-1", "--agent", "opt", "--db", dbPath]);
    expect(record.code).toBe(1);
    expect(record.stderr).toMatch(/run "run-1" is a record, not a run Lineage drives/);
    const nobody = await runCli(["token", "create", "--run", runId, "--agent", "optimizer", "--db", dbPath]);
    expect(nobody.stderr).toMatch(/has no agent "optimizer" \(its agents: model, codec\)/);
    const usage = await runCli(["token", "create", "--run", runId, "--db", dbPath]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--agent NAME is required");
  }, 60_000);
});
