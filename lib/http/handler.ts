// The adapter every route handler goes through: guards first, then the handler, errors mapped once.
// Who is asking is decided here, inside each handler (lib/auth/authenticate.ts), never only in a proxy.
import { env } from "../env";
import { store } from "../server/store";
import type { Db } from "../../db/client";
import { changesSoFar, isBusyError } from "../services/busy-writes";
import { authenticate } from "../auth/authenticate";
import { atLeast, type Principal, type Role } from "../auth/roles";
import { LineageError } from "../domain/errors";
import { toHttpResponse } from "./error-response";
import { readBodyLimited, requireContentType } from "./read-body";
import { checkHost, refuseTokenInQuery, type GuardConfig } from "./request-guards";

function guardConfig(): GuardConfig {
  const e = env();
  return {
    allowedHosts: e.LINEAGE_ALLOWED_HOSTS.split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    token: e.LINEAGE_TOKEN,
  };
}

type HandlerContext = { req: Request; url: URL; db: Db; actor: Principal };
type Handler = (ctx: HandlerContext) => Promise<Response> | Response;

/**
 * `role`: the least role allowed (with accounts on); `public`: no sign-in needed even with accounts
 * on (health, signing in), the handler sees an anonymous viewer; `agentTokens`: run-scoped agent
 * tokens are taken (only /api/mcp), every other route refuses them.
 */
type AccessOptions = { role?: Role; public?: boolean; agentTokens?: boolean };

const ANONYMOUS: Principal = { name: "anonymous", role: "viewer", via: "local" };

async function run(req: Request, write: boolean, fn: Handler, access: AccessOptions): Promise<Response> {
  try {
    const url = new URL(req.url);
    const config = guardConfig();
    checkHost(req.headers, config);
    if (write) refuseTokenInQuery(url);
    const db = store();
    const attempt = async (req: Request) => {
      const actor = access.public ? ANONYMOUS : authenticate(db, req.headers, { serverToken: config.token, agentTokens: access.agentTokens }, write);
      const need = access.role ?? (write && !access.public ? "admin" : "viewer");
      if (!atLeast(actor.role, need))
        throw new LineageError("forbidden", `this needs the ${need} role; ${actor.name} is ${actor.role === "admin" ? "an" : "a"} ${actor.role}`);
      return await fn({ req, url, db, actor });
    };
    return write ? await retryWhileBusy(db, req, attempt) : await attempt(req);
  } catch (e) {
    return toHttpResponse(e);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Every write path waits for another process's write lock here, asynchronously: the connection's
 * own busy wait is a short slice (db/client.ts SERVER_BUSY_SLICE_MS), so reads and health checks
 * keep being answered. A busy attempt that wrote nothing is run again (with a fresh copy of the
 * request, whose body each attempt reads) with backoff until LINEAGE_BUSY_TIMEOUT_MS, then 503.
 */
async function retryWhileBusy(db: Db, req: Request, attempt: (req: Request) => Promise<Response>): Promise<Response> {
  const deadline = Date.now() + env().LINEAGE_BUSY_TIMEOUT_MS;
  // The body is read once, under the size limit (413 counted while streaming), and each attempt gets
  // its own copy of the request; a tee (Request.clone) left the refused original's stream open.
  const body = req.body ? await readBodyLimited(req, env().LINEAGE_BODY_LIMIT_BYTES) : undefined;
  const fresh = () => new Request(req.url, { method: req.method, headers: req.headers, body: body as BodyInit | undefined });
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    const changesBefore = changesSoFar(db);
    try {
      return await attempt(fresh());
    } catch (e) {
      if (!isBusyError(e)) throw e;
      const left = deadline - Date.now();
      // Something this connection wrote may be this attempt's (or an interleaved request's): never repeat it.
      if (left <= 0 || changesSoFar(db) !== changesBefore) throw busy();
      await sleep(Math.min(delay, left));
    }
  }
}

const busy = () => new LineageError("database_busy", "the database is busy with another writer; nothing was written, try again shortly");

export const readHandler = (req: Request, fn: Handler, access: AccessOptions = {}) => run(req, false, fn, access);
/** Writes need the admin role by default (ingestion, runs, users); verdicts ask for auditor. */
export const writeHandler = (req: Request, fn: Handler, access: AccessOptions = {}) => run(req, true, fn, access);

/** Query string → object for a zod schema (repeated keys keep the last value). */
export const queryObject = (url: URL) => Object.fromEntries(url.searchParams.entries());

/** A small JSON body (forms, verdicts, sign-in): Content-Type checked, size capped while streaming. */
export async function readJson(req: Request, limitBytes = 256 * 1024): Promise<unknown> {
  requireContentType(req, ["application/json"]);
  const bytes = await readBodyLimited(req, limitBytes);
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new LineageError("invalid_json", "the body is not valid JSON");
  }
}
