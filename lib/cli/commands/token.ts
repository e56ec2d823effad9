// lineage token create --run RUN --agent NAME [--label L] | list --run RUN | revoke ID: tokens for
// one external agent (kind mcp) of one run. Its holder reads that run and submits trials as that
// agent over /api/mcp, nothing else; give it to the coding agent instead of an admin's token.
import { parseArgs } from "node:util";
import { createAgentToken, listAgentTokens, revokeAgentToken } from "../../services/agent-tokens";
import { UsageError, openStore } from "../context";
import type { Reply } from "../output";

const USAGE = "give create --run RUN --agent NAME [--label L], list --run RUN, or revoke TOKEN_ID";

/**
 * --json answers: create {id, runId, agent, agentId, label, token} · list {runId, tokens: [{id,
 * agentId, label, createdAt, revokedAt}]} · revoke {id, revokedAt}.
 */
export async function tokenCommand(args: string[], reply: Reply): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { db: { type: "string" }, run: { type: "string" }, agent: { type: "string" }, label: { type: "string" } },
    allowPositionals: true,
  });
  const [verb, id] = positionals;
  if (verb !== "create" && verb !== "list" && verb !== "revoke") throw new UsageError(USAGE);
  if (verb === "revoke" && (positionals.length !== 2 || !id.trim()))
    throw new UsageError("token revoke: give the token's id (see `lineage token list --run RUN`)");
  if (verb !== "revoke" && positionals.length !== 1) throw new UsageError(`token ${verb} takes no positional argument; ${USAGE}`);
  if (verb !== "revoke" && !values.run?.trim()) throw new UsageError(`token ${verb}: --run RUN is required`);
  if (verb === "create" && !values.agent?.trim()) throw new UsageError("token create: --agent NAME is required (an agent of kind mcp of the run)");
  const db = openStore(values.db);
  try {
    if (verb === "create") {
      const t = createAgentToken(db, { runId: values.run!, agent: values.agent!, label: values.label }, "cli");
      reply.note(
        `a token for agent ${t.agent} of run ${t.runId}, id ${t.id}: it reads that run and submits as ${t.agent} over /api/mcp; it is shown only now:\n`,
      );
      reply.result(t, `${t.token}\n`);
    } else if (verb === "list") {
      const tokens = listAgentTokens(db, values.run!);
      reply.result(
        { runId: values.run, tokens },
        tokens.map((t) => `${t.id}\t${t.agentId}\t${t.label}\t${t.createdAt}\t${t.revokedAt ? `revoked ${t.revokedAt}` : "live"}\n`).join(""),
      );
    } else {
      const r = revokeAgentToken(db, id, "cli");
      reply.result(r, `revoked agent token ${r.id}\n`);
    }
    return 0;
  } finally {
    db.$client.close();
  }
}
