// The acting tool: an agent of kind mcp submits a trial into the run it belongs to. Who may submit
// is decided by the transport's authentication (an admin's token, the local user of `lineage mcp`,
// or that run's agent token, as that agent only); what happens to the submission is decided by the run and its task, never by the agent.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { Db } from "../../db/client";
import { atLeast, type Principal } from "../auth/roles";
import { LineageError } from "../domain/errors";
import { LIMITS } from "../domain/limits";
import { RecordId } from "../domain/trace";
import type { AgentScopeGuard } from "../services/agent-tokens";
import { submitTrial, type SubmitEnv } from "../services/submit-trial";
import type { ReadLog } from "./read-tools";
import { answer } from "./tool-result";

export function registerActTools(server: McpServer, db: Db, caller: { principal: Principal; reads: ReadLog; submit: SubmitEnv }, guard: AgentScopeGuard): void {
  server.registerTool(
    "submit_trial",
    {
      description:
        "Submit a trial into a run whose agent you are (an agent of kind mcp): a hypothesis and a unified diff against the parent's code. " +
        "The edit is checked (protected paths and your surface → illegal_edit, a diff that does not apply → patch_failure), evaluated by the task's own evaluator in Lineage's sandbox, and recorded; " +
        "the answer is the outcome: score with Δ vs the parent and vs the best before it, or the failure label with its detail, and the feedback it hands forward. " +
        "The trials you read since your last submission are recorded as its context refs.",
      inputSchema: {
        runId: RecordId,
        agent: z.string().min(1).max(200).describe("your agent's id or name in the run"),
        hypothesis: z.string().max(LIMITS.hypothesisChars).describe("what you expect the edit to do and why"),
        diff: z.string().min(1).max(LIMITS.diffChars).describe("a unified diff (git format accepted) against the first parent's code"),
        parentIds: z.array(RecordId).min(1).max(8).optional().describe("code parents, the first being the diff's base; default: the run's current best"),
        expectedDelta: z.number().finite().optional().describe("the score change you predict, signed, in metric units"),
        domain: z.string().min(1).max(100).optional(),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      answer(async () => {
        if (caller.principal.scope) guard.submitAs(args.runId, args.agent);
        else if (!atLeast(caller.principal.role, "admin")) {
          throw new LineageError(
            "forbidden",
            `submitting trials needs the admin role or the run's agent token (lineage token create --run RUN --agent NAME); ${caller.principal.name} is a ${caller.principal.role}`,
          );
        }
        const contextRefs = caller.reads.takeReads(args.runId);
        try {
          return await submitTrial(db, { ...args, contextRefs }, caller.submit);
        } catch (e) {
          caller.reads.noteRead(args.runId, contextRefs); // a refused submission keeps what was read for the next
          throw e;
        }
      }),
  );
}
