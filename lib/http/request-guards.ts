// Checks every handler runs itself (never only in a proxy): Host and Origin against DNS rebinding
// and cross-site posts, and the bearer token on writes when one is configured.
import { createHash, timingSafeEqual } from "node:crypto";
import { LineageError } from "../domain/errors";

export type GuardConfig = { allowedHosts: string[]; token?: string };

const LOCAL_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

function hostnameOf(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  return h.split(":")[0];
}

export function checkHost(headers: Headers, config: GuardConfig): void {
  const host = headers.get("host");
  const allowed = [...LOCAL_HOSTS, ...config.allowedHosts.map((h) => h.toLowerCase())];
  if (!host || !allowed.includes(hostnameOf(host))) {
    throw new LineageError("forbidden", `host ${JSON.stringify(host ?? "")} is not served here; set LINEAGE_ALLOWED_HOSTS to serve it`);
  }
  const origin = headers.get("origin");
  if (origin !== null && origin !== "null") {
    let originHost: string;
    try {
      originHost = new URL(origin).host.toLowerCase();
    } catch {
      throw new LineageError("forbidden", "the Origin header is not a URL");
    }
    if (originHost !== host.toLowerCase()) throw new LineageError("forbidden", `cross-origin request from ${origin} refused`);
  } else if (origin === "null") {
    throw new LineageError("forbidden", "requests from an opaque origin are refused");
  }
  if (headers.get("sec-fetch-site") === "cross-site") throw new LineageError("forbidden", "cross-site request refused");
}

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** Tokens in URLs end up in logs and browser history: refused outright, before any other check. */
export function refuseTokenInQuery(url: URL): void {
  for (const key of url.searchParams.keys()) {
    if (/^(token|access_token|api_key|apikey|key)$/i.test(key)) {
      throw new LineageError("invalid_input", `tokens are never accepted in the query string (${key}); send Authorization: Bearer <token>`);
    }
  }
}

/** Constant-time compare of digests, so neither the token's content nor its length leaks through timing. */
export function checkToken(headers: Headers, url: URL, config: GuardConfig): void {
  refuseTokenInQuery(url);
  if (!config.token) return;
  const auth = headers.get("authorization") ?? "";
  const match = /^Bearer ([^\s]+)$/.exec(auth);
  if (!match || !timingSafeEqual(digest(match[1]), digest(config.token))) {
    throw new LineageError("unauthorized", "a valid bearer token is required (Authorization: Bearer <token>)");
  }
}
