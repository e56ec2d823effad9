// The adapter every route handler goes through: guards first, then the handler, errors mapped once.
import { env } from "../env";
import { store } from "../server/store";
import type { Db } from "../../db/client";
import { toHttpResponse } from "./error-response";
import { checkHost, checkToken, type GuardConfig } from "./request-guards";

function guardConfig(): GuardConfig {
  const e = env();
  return { allowedHosts: e.LINEAGE_ALLOWED_HOSTS.split(",").map((s) => s.trim()).filter(Boolean), token: e.LINEAGE_TOKEN };
}

type Handler = (ctx: { req: Request; url: URL; db: Db }) => Promise<Response> | Response;

async function run(req: Request, write: boolean, fn: Handler): Promise<Response> {
  try {
    const url = new URL(req.url);
    const config = guardConfig();
    checkHost(req.headers, config);
    if (write) checkToken(req.headers, url, config);
    return await fn({ req, url, db: store() });
  } catch (e) {
    return toHttpResponse(e);
  }
}

export const readHandler = (req: Request, fn: Handler) => run(req, false, fn);
export const writeHandler = (req: Request, fn: Handler) => run(req, true, fn);

/** Query string → object for a zod schema (repeated keys keep the last value). */
export const queryObject = (url: URL) => Object.fromEntries(url.searchParams.entries());
