// Roles of local accounts, each allowed what the ones before it are.
import { z } from "zod";

export const Role = z.enum(["viewer", "auditor", "admin"]);
export type Role = z.infer<typeof Role>;

const RANK: Record<Role, number> = { viewer: 0, auditor: 1, admin: 2 };
export const atLeast = (have: Role, need: Role) => RANK[have] >= RANK[need];

/** Who is asking. `local` is the embedded single-user app with no accounts set up. */
export type Principal = {
  name: string;
  role: Role;
  via: "local" | "server_token" | "user_token" | "session" | "agent_token";
  userId?: string;
  /** the session's CSRF token, which every cookie-authenticated write must echo */
  csrfToken?: string;
  /** an agent token's reach: this run only, submitting as this agent only (over /api/mcp) */
  scope?: { runId: string; agentId: string; agentName: string };
};

export const LOCAL_PRINCIPAL: Principal = { name: "local", role: "admin", via: "local" };
