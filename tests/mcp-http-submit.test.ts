// The scripted agent over Streamable HTTP: the same ten rounds of context → code → submit → outcome
// as over stdio (mcp-submit.test.ts), through /api/mcp of the built server with an admin's token,
// into a run `lineage run golf-mini --agents model=mcp,codec=mcp` drives; the run then finishes.
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool, scriptedAgentLoop, startRunPastBaseline, type RunnerProcess } from "./support/mcp-run";
import { runCli, startServer, type TestServer } from "./support/server";
import { tempDir } from "./support/temp-db";

const TRIALS = 11; // the baseline and the ten scripted submissions

describe("submit_trial over MCP (Streamable HTTP)", () => {
  let dir: ReturnType<typeof tempDir>;
  let runner: RunnerProcess;
  let server: TestServer;
  let client: Client;

  beforeAll(async () => {
    dir = tempDir();
    const db = join(dir.dir, "mcp-http-run.db");
    runner = await startRunPastBaseline(["golf-mini", "--agents", "model=mcp,codec=mcp", "--trials", String(TRIALS)], db);
    expect((await runCli(["user", "add", "adam", "--role", "admin", "--db", db], { input: "adam-password-123\n" })).code).toBe(0);
    const token = (await runCli(["user", "token", "adam", "--db", db])).stdout.trim();
    server = await startServer(db, { LINEAGE_NO_DEMO: "1" });
    client = new Client({ name: "scripted-http-agent", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${server.url}/api/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
    );
  }, 180_000);
  afterAll(async () => {
    await client?.close();
    await server?.stop();
    runner?.kill();
    dir?.cleanup();
  });

  it("loops context → code → submit → outcome for ten trials, and the run finishes at its budget", async () => {
    const { runId } = runner;
    const seen = await scriptedAgentLoop((name, args) => callTool(client, name, args), runId, 10);
    expect(seen.filter((s) => s.failure === null).length).toBeGreaterThanOrEqual(8);
    expect(seen.some((s) => s.newBest)).toBe(true);
    expect(await runner.exited(30_000), runner.output()).toBe(0);
    const run = await callTool(client, "get_run", { runId });
    expect(run.data).toMatchObject({ status: "finished", summary: { trialCount: TRIALS } });
  }, 300_000);
});
