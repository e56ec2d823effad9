// Run-scoped agent tokens: a token for one external agent (kind mcp) of one run Lineage drives.
// Its holder reads that run and submits trials as that agent over /api/mcp, and nothing else (no
// other run, no other agent, no REST route): what a coding agent on another machine needs, without
// an admin's powers. Only the SHA-256 is kept; the token is shown once.
import { ulid } from "ulid";
import * as q from "../../db/agent-token-queries";
import type { Db } from "../../db/client";
import * as read from "../../db/read-queries";
import * as rq from "../../db/runner-queries";
import { inWriteTransaction, insertEvent } from "../../db/write-queries";
import type { Principal } from "../auth/roles";
import { digestHex, newSecret } from "../auth/secrets";
import { LineageError } from "../domain/errors";
import { isExternalAgent, RunConfig } from "../domain/run-spec";

/** Agent tokens carry their own prefix, so a request holding one is told where it is valid. */
export const AGENT_TOKEN_PREFIX = "lin_agent_";
export const isAgentToken = (token: string) => token.startsWith(AGENT_TOKEN_PREFIX);

function externalAgentOf(db: Db, runId: string, agent: string) {
  if (!read.getRunRow(db, runId)) throw new LineageError("not_found", `run ${JSON.stringify(runId)} does not exist`);
  const config = RunConfig.safeParse(rq.getStartedRun(db, runId)?.spec);
  if (!config.success) throw new LineageError("conflict", `run ${JSON.stringify(runId)} is a record, not a run Lineage drives: it has no agents to submit as`);
  const found = config.data.agents.find((a) => a.id === agent) ?? config.data.agents.find((a) => a.name === agent);
  if (!found)
    throw new LineageError(
      "not_found",
      `run ${JSON.stringify(runId)} has no agent ${JSON.stringify(agent)} (its agents: ${config.data.agents.map((a) => a.name).join(", ")})`,
    );
  if (!isExternalAgent(found))
    throw new LineageError(
      "conflict",
      `agent ${found.name} of run ${JSON.stringify(runId)} is driven by ${found.proposer}, not by an external agent (kind mcp)`,
    );
  return found;
}

export function createAgentToken(db: Db, input: { runId: string; agent: string; label?: string }, actor: string) {
  const agent = externalAgentOf(db, input.runId, input.agent);
  const token = newSecret(AGENT_TOKEN_PREFIX);
  const id = ulid();
  const at = new Date().toISOString();
  const label = input.label ?? `${agent.name} of ${input.runId}`;
  inWriteTransaction(db, () => {
    q.insertAgentToken(db, { id, runId: input.runId, agentId: agent.id, label, tokenHash: digestHex(token), createdAt: at, revokedAt: null });
    insertEvent(db, {
      id: ulid(),
      runId: null,
      trialId: null,
      action: "agent_token.created",
      actor,
      at,
      detail: { run: input.runId, agent: agent.name, token: id },
      receivedAt: at,
    });
  });
  return { token, id, runId: input.runId, agent: agent.name, agentId: agent.id, label };
}

export function listAgentTokens(db: Db, runId: string) {
  if (!read.getRunRow(db, runId)) throw new LineageError("not_found", `run ${JSON.stringify(runId)} does not exist`);
  return q.agentTokensOfRun(db, runId).map((t) => ({ id: t.id, agentId: t.agentId, label: t.label, createdAt: t.createdAt, revokedAt: t.revokedAt }));
}

export function revokeAgentToken(db: Db, tokenId: string, actor: string) {
  const at = new Date().toISOString();
  return inWriteTransaction(db, () => {
    if (q.revokeAgentToken(db, tokenId, at) === 0) throw new LineageError("not_found", `no live agent token with id ${JSON.stringify(tokenId)}`);
    insertEvent(db, { id: ulid(), runId: null, trialId: null, action: "agent_token.revoked", actor, at, detail: { token: tokenId }, receivedAt: at });
    return { id: tokenId, revokedAt: at };
  });
}

/** The caller a live agent token stands for: a reader of its run that may submit as its agent. */
export function principalFromAgentToken(db: Db, token: string): Principal | null {
  const row = q.liveAgentTokenByHash(db, digestHex(token));
  if (!row) return null;
  const config = RunConfig.safeParse(rq.getStartedRun(db, row.runId)?.spec);
  const agentName = config.success ? (config.data.agents.find((a) => a.id === row.agentId)?.name ?? row.agentId) : row.agentId;
  return {
    name: `agent ${agentName} of run ${row.runId}`,
    role: "viewer",
    via: "agent_token",
    scope: { runId: row.runId, agentId: row.agentId, agentName },
  };
}

/**
 * What an agent token may reach, checked by the MCP tools: its run's records and its own agent's
 * submissions. Without a scope (an admin, a viewer, the local user) everything passes.
 */
export function agentScopeGuard(db: Db, scope: Principal["scope"]) {
  const refuse = (what: string) => new LineageError("forbidden", `this token is agent ${scope!.agentName}'s of run ${JSON.stringify(scope!.runId)}: ${what}`);
  return {
    runIds: (ids: string[]) => (scope ? ids.filter((id) => id === scope.runId) : ids),
    run(runId: string): void {
      if (scope && runId !== scope.runId) throw refuse(`it reads and submits only in that run, not in ${JSON.stringify(runId)}`);
    },
    trial(trialId: string): void {
      if (!scope) return;
      const ref = read.getTrialRef(db, trialId);
      // an unknown trial is answered as any caller's would be (not_found), a foreign one is refused
      if (ref && ref.runId !== scope.runId) throw refuse(`it reads only that run's trials; trial ${JSON.stringify(trialId)} is of another run`);
    },
    submitAs(runId: string, agent: string): void {
      if (!scope) return;
      this.run(runId);
      if (agent !== scope.agentId && agent !== scope.agentName) throw refuse(`it submits only as ${scope.agentName}, not as ${JSON.stringify(agent)}`);
    },
  };
}
export type AgentScopeGuard = ReturnType<typeof agentScopeGuard>;
