// Resources: a run's summary and a trial's diff, addressable by URI for clients that attach them.
import { ResourceTemplate, type McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Db } from "../../db/client";
import type { AgentScopeGuard } from "../services/agent-tokens";
import { getRunDetail } from "../services/catalog";
import { getTrialDiff } from "../services/trial-page";

const one = (v: string | string[]) => (Array.isArray(v) ? v[0] : v);

export function registerResources(server: McpServer, db: Db, guard: AgentScopeGuard): void {
  server.registerResource(
    "run-summary",
    new ResourceTemplate("lineage://runs/{runId}", { list: undefined }),
    { description: "A run: task, agents and summary (best, failures by label)", mimeType: "application/json" },
    (uri, { runId }) => {
      const id = decodeURIComponent(one(runId));
      guard.run(id);
      return { contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(getRunDetail(db, id)) }] };
    },
  );
  server.registerResource(
    "trial-diff",
    new ResourceTemplate("lineage://trials/{trialId}/diff", { list: undefined }),
    { description: "A trial's unified diff against its first parent", mimeType: "text/x-diff" },
    (uri, { trialId }) => {
      const id = decodeURIComponent(one(trialId));
      guard.trial(id);
      return { contents: [{ uri: uri.href, mimeType: "text/x-diff", text: getTrialDiff(db, id) }] };
    },
  );
}
