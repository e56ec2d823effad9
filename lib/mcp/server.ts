// Lineage's MCP server: the same services as the HTTP API, as tools an agent calls. One server
// object per connection (stdio) or per request (Streamable HTTP, stateless); who is calling is
// decided by the transport's authentication, never by the agent's own words.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Db } from "../../db/client";
import type { Principal } from "../auth/roles";
import { agentScopeGuard } from "../services/agent-tokens";
import type { SubmitEnv } from "../services/submit-trial";
import { registerActTools } from "./act-tools";
import { registerPrompts } from "./prompts";
import { registerReadTools, type ReadLog } from "./read-tools";
import { registerResources } from "./resources";

export const MCP_SERVER_INFO = { name: "lineage", version: "0.1.0" };

export type McpCaller = { principal: Principal; reads: ReadLog; submit: SubmitEnv };

export function createMcpServer(db: Db, caller: McpCaller): McpServer {
  const server = new McpServer(MCP_SERVER_INFO, {
    instructions:
      "Lineage records auto-research runs: trials with hypotheses, diffs, evaluator outcomes and feedback. " +
      "Read runs and trials with list_runs, get_run, list_trials, get_trial and compare_trials; an agent of kind mcp reads its context with get_lineage_context and submits with submit_trial.",
  });
  const guard = agentScopeGuard(db, caller.principal.scope);
  registerReadTools(server, db, caller.reads, guard);
  registerActTools(server, db, caller, guard);
  registerResources(server, db, guard);
  registerPrompts(server, db, caller.reads, guard);
  return server;
}
