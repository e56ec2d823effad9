// A prompt per specialist: "you are the model specialist…", built from the run's task and the
// lineage context the built-in proposers read, with how to submit through this server's tools.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { Db } from "../../db/client";
import { RecordId } from "../domain/trace";
import { contextForAgent } from "../services/agent-context";
import type { AgentScopeGuard } from "../services/agent-tokens";
import type { ReadLog } from "./read-tools";

export function registerPrompts(server: McpServer, db: Db, reads: ReadLog, guard: AgentScopeGuard): void {
  server.registerPrompt(
    "specialist",
    {
      title: "Specialist agent of a run",
      description: "The instructions and the current lineage context for one agent (surface) of a run Lineage drives, ready to start a coding agent on it.",
      argsSchema: { runId: RecordId, agent: z.string().min(1).max(200).describe("the agent's id or name") },
    },
    ({ runId, agent }) => {
      guard.run(runId);
      const context = contextForAgent(db, runId, agent);
      reads.noteRead(runId, context.refs);
      const how = [
        "",
        "## How to work in this run",
        `1. Read your context again at any time with get_lineage_context (runId ${JSON.stringify(runId)}, agent ${JSON.stringify(context.agent.name)}).`,
        `2. Read the parent's code with get_trial_code (trialId ${JSON.stringify(context.parentId)}), and any trial's outcome with get_trial.`,
        "3. Submit one edit at a time with submit_trial: a one-paragraph hypothesis and a unified diff against the parent's code. The task's own evaluator scores it; you cannot choose or change your score.",
        "4. Read the outcome it answers (score and Δ, or the failure label and detail) and let it shape your next proposal.",
      ].join("\n");
      return { messages: [{ role: "user", content: { type: "text", text: context.text + "\n" + how } }] };
    },
  );
}
