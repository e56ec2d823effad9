// `lineage mcp`: the MCP server over stdio, for a coding agent started on this machine (Claude
// Code, Codex, …). It acts as the local user, like every other CLI command.
// Its stdout is MCP's JSON-RPC with or without --json; --json only makes an error before it starts
// (a bad --db) the JSON error object on stderr, like every other command's.
import { parseArgs } from "node:util";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { LOCAL_PRINCIPAL } from "../../auth/roles";
import { createReadLog } from "../../mcp/read-tools";
import { createMcpServer } from "../../mcp/server";
import { env } from "../../env";
import { openStore } from "../context";

export async function mcpCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { db: { type: "string" } } });
  const db = openStore(values.db);
  // Evaluations of submissions end with this process (their sandboxes die with it): nothing is half-recorded.
  const stop = new AbortController();
  const server = createMcpServer(db, {
    principal: LOCAL_PRINCIPAL,
    reads: createReadLog(),
    submit: { logTailChars: env().LINEAGE_LOG_TAIL_BYTES, signal: stop.signal },
  });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => (transport.onclose = resolve));
  process.stdin.once("end", () => void server.close());
  await server.connect(transport);
  await closed;
  stop.abort();
  db.$client.close();
  return 0;
}
