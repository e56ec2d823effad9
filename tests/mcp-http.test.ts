// MCP over Streamable HTTP at /api/mcp, driven by the SDK's own client against the built server:
// the API's authentication and roles apply, and a browser session cookie drives nothing.
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, startServer, type TestServer } from "./support/server";
import { tempDir } from "./support/temp-db";
import { smallTrace, toJsonl } from "./support/traces";

let dir: ReturnType<typeof tempDir>;
let server: TestServer;
let dbPath: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  dir = tempDir();
  dbPath = join(dir.dir, "mcp.db");
  const trace = join(dir.dir, "trace.jsonl");
  await import("node:fs").then((fs) => fs.writeFileSync(trace, toJsonl(smallTrace())));
  expect((await runCli(["import", trace, "--db", dbPath])).code).toBe(0);
  expect((await runCli(["user", "add", "vic", "--role", "viewer", "--db", dbPath], { input: "vic-password-123\n" })).code).toBe(0);
  tokens.vic = (await runCli(["user", "token", "vic", "--db", dbPath])).stdout.trim();
  server = await startServer(dbPath, { LINEAGE_NO_DEMO: "1" });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  dir?.cleanup();
});

async function connect(token?: string): Promise<Client> {
  const client = new Client({ name: "lineage-http-test", version: "1.0.0" });
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/api/mcp`), { requestInit: { headers } }));
  return client;
}

describe("/api/mcp", () => {
  it("serves the reading tools to a viewer's token", async () => {
    const client = await connect(tokens.vic);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain("list_trials");
      const r = await client.callTool({ name: "list_trials", arguments: { runId: "run-1", failure: "crash" } });
      expect(r.isError).toBeFalsy();
      expect((r.structuredContent as { items: { id: string }[] }).items.map((t) => t.id)).toEqual(["t2"]);
      const missing = await client.callTool({ name: "get_trial", arguments: { trialId: "nope" } });
      expect(missing.isError).toBe(true);
      // a viewer reads; only an admin (or the local user of lineage mcp) submits
      const submit = await client.callTool({
        name: "submit_trial",
        arguments: { runId: "run-1", agent: "opt", hypothesis: "x", diff: "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n" },
      });
      expect(submit.isError).toBe(true);
      expect((submit.content as { text: string }[])[0].text).toMatch(
        /^forbidden: submitting trials needs the admin role or the run.s agent token .*; vic is a viewer/,
      );
    } finally {
      await client.close();
    }
  });

  it("refuses a caller the API would refuse: no token, a wrong token, a session cookie alone", async () => {
    await expect(connect()).rejects.toThrow(/401|unauthorized|sign in/i);
    await expect(connect("not-a-real-token")).rejects.toThrow(/401|unauthorized/i);
    const signIn = await fetch(`${server.url}/api/auth/sign-in`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: server.url },
      body: JSON.stringify({ name: "vic", password: "vic-password-123" }),
    });
    expect(signIn.ok).toBe(true);
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0];
    const init = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "x", version: "1" } },
    };
    const viaCookie = await fetch(`${server.url}/api/mcp`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", Cookie: cookie, Origin: server.url },
      body: JSON.stringify(init),
    });
    expect(viaCookie.status).toBe(401);
  });
});
