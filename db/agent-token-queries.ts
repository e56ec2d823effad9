// Tokens of one run's external agent (agent_tokens): made, found by digest, listed, revoked.
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "./client";
import { agentTokens } from "./schema";

export type AgentTokenRow = typeof agentTokens.$inferSelect;

export function insertAgentToken(db: Db, row: AgentTokenRow): void {
  db.insert(agentTokens).values(row).run();
}

export const liveAgentTokenByHash = (db: Db, tokenHash: string) =>
  db
    .select()
    .from(agentTokens)
    .where(and(eq(agentTokens.tokenHash, tokenHash), isNull(agentTokens.revokedAt)))
    .get();

export const agentTokensOfRun = (db: Db, runId: string) =>
  db.select().from(agentTokens).where(eq(agentTokens.runId, runId)).orderBy(agentTokens.createdAt).all();

export function revokeAgentToken(db: Db, id: string, at: string): number {
  return db
    .update(agentTokens)
    .set({ revokedAt: at })
    .where(and(eq(agentTokens.id, id), isNull(agentTokens.revokedAt)))
    .run().changes;
}
