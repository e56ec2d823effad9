import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { env } from "@/lib/env";
import { toHttpResponse } from "@/lib/http/error-response";
import { readHandler } from "@/lib/http/handler";
import { readBodyLimited } from "@/lib/http/read-body";
import { createReadLog, type ReadLog } from "@/lib/mcp/read-tools";
import { createMcpServer } from "@/lib/mcp/server";

// MCP over Streamable HTTP, stateless: one server per request, answered as JSON. The caller is who
// the API's authentication says (a bearer token, or the local single user); session cookies are
// dropped first, so a page in someone's browser can never drive an agent's tools (no CSRF path).
// Each request is a new server, so what a caller read is kept here, per caller, until it submits.
const readLogs = new Map<string, ReadLog>();
const readLogOf = (caller: string): ReadLog => readLogs.get(caller) ?? readLogs.set(caller, createReadLog()).get(caller)!;
// A submission is evaluated to its end even if the client stops waiting: its outcome is recorded.
const SERVER_LIFETIME = new AbortController();

async function handle(req: Request): Promise<Response> {
  const headers = new Headers(req.headers);
  headers.delete("cookie");
  let body: Uint8Array | undefined;
  try {
    body = req.method === "POST" ? await readBodyLimited(req, env().LINEAGE_BODY_LIMIT_BYTES) : undefined;
  } catch (e) {
    return toHttpResponse(e);
  }
  const bare = new Request(req.url, { method: req.method, headers, body: body as BodyInit | undefined });
  return readHandler(
    bare,
    async ({ db, actor, req }) => {
      const server = createMcpServer(db, {
        principal: actor,
        reads: readLogOf(actor.name),
        submit: { logTailChars: env().LINEAGE_LOG_TAIL_BYTES, signal: SERVER_LIFETIME.signal },
      });
      const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      await server.connect(transport);
      try {
        return await transport.handleRequest(req);
      } finally {
        await server.close();
      }
    },
    { agentTokens: true },
  );
}

export const POST = handle;
export const GET = handle;
export const DELETE = handle;
