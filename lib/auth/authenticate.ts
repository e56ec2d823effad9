// Who a request is, decided inside every handler (never only in a proxy):
// - no account and no LINEAGE_TOKEN: the embedded single-user localhost app, everything allowed;
// - LINEAGE_TOKEN: the single-user/admin token, needed for writes (reads stay open without accounts);
// - accounts: a session cookie or a user's API token, needed for reads and writes alike.
// Cookie-authenticated writes must also echo the session's CSRF token and carry an Origin.
import type { Db } from "../../db/client";
import { LineageError } from "../domain/errors";
import { accountsEnabled, principalFromApiToken, principalFromSession } from "../services/accounts";
import { isAgentToken, principalFromAgentToken } from "../services/agent-tokens";
import { readCookie, SESSION_COOKIE } from "./cookies";
import { LOCAL_PRINCIPAL, type Principal } from "./roles";
import { CSRF_HEADER } from "./csrf-header";
import { sameSecret } from "./secrets";

export { CSRF_HEADER };

/** agentTokens: this route takes run-scoped agent tokens (only /api/mcp does) */
type AuthConfig = { serverToken?: string; agentTokens?: boolean };

const unauthorized = (accounts: boolean) =>
  new LineageError(
    "unauthorized",
    accounts ? "sign in, or send a valid bearer token (Authorization: Bearer <token>)" : "a valid bearer token is required (Authorization: Bearer <token>)",
  );

function bearerOf(headers: Headers): string | null | undefined {
  const auth = headers.get("authorization");
  if (auth === null) return undefined;
  return /^Bearer ([^\s]+)$/.exec(auth)?.[1] ?? null;
}

export function authenticate(db: Db, headers: Headers, config: AuthConfig, write: boolean): Principal {
  const accounts = accountsEnabled(db);
  const bearer = bearerOf(headers);
  // An agent token is what it is in every mode (scoped to its run and agent), and only where it is valid.
  if (bearer && isAgentToken(bearer)) {
    const agent = principalFromAgentToken(db, bearer);
    if (!agent) throw unauthorized(accounts);
    if (!config.agentTokens) throw new LineageError("forbidden", `an agent token (${agent.name}) is valid only at /api/mcp, for its run's MCP tools`);
    return agent;
  }
  if (!accounts && !config.serverToken) return LOCAL_PRINCIPAL;
  if (bearer) {
    if (config.serverToken && sameSecret(bearer, config.serverToken)) return { name: "token", role: "admin", via: "server_token" };
    const user = accounts ? principalFromApiToken(db, bearer) : null;
    if (user) return user;
    throw unauthorized(accounts);
  }
  if (bearer === null && (write || accounts)) throw unauthorized(accounts);
  const sessionId = accounts ? readCookie(headers.get("cookie"), SESSION_COOKIE) : undefined;
  const session = sessionId ? principalFromSession(db, sessionId) : null;
  if (session) {
    if (write) checkCsrf(headers, session);
    return session;
  }
  if (accounts || write) throw unauthorized(accounts);
  return { name: "anonymous", role: "viewer", via: "local" };
}

/** A forged cross-site form has neither our Origin (checkHost refuses a foreign one) nor the token. */
function checkCsrf(headers: Headers, session: Principal): void {
  if (!headers.get("origin")) throw new LineageError("forbidden", "a signed-in write must come from this app's pages (no Origin header)");
  const sent = headers.get(CSRF_HEADER);
  if (!sent || !session.csrfToken || !sameSecret(sent, session.csrfToken)) {
    throw new LineageError("forbidden", `the CSRF token is missing or wrong (${CSRF_HEADER}); reload the page and try again`);
  }
}
