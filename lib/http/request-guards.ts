// Checks every handler runs itself (never only in a proxy): Host and Origin against DNS rebinding
// and cross-site posts, and no token in a query string (the bearer token is lib/auth/authenticate's).
import { LineageError } from "../domain/errors";

export type GuardConfig = { allowedHosts: string[]; token?: string };

const LOCAL_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

// RFC 9110 Host: a registered name, an IPv4 address or a bracketed IPv6 address, then at most one
// ":port". Anything else (userinfo "a@b", a list "a, b", spaces, a bad port) is refused whole, so
// no prefix of a crafted header can match an allowed name.
const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const HOST_HEADER = new RegExp(`^(\\[[0-9a-f:.]{2,45}\\]|${LABEL}(?:\\.${LABEL})*)(?::([0-9]{1,5}))?$`);

/** The lower-cased host name of a well-formed Host header, or null. */
function parseHostHeader(hostHeader: string): { hostname: string; port: number | null } | null {
  const m = hostHeader.length <= 300 ? HOST_HEADER.exec(hostHeader.toLowerCase()) : null;
  if (!m) return null;
  const port = m[2] === undefined ? null : Number(m[2]);
  if (port !== null && (port < 1 || port > 65535 || m[2].startsWith("0"))) return null;
  return { hostname: m[1], port };
}

export function checkHost(headers: Headers, config: GuardConfig): void {
  const host = headers.get("host");
  const parsed = host === null ? null : parseHostHeader(host);
  if (!parsed) throw new LineageError("forbidden", `the Host header ${JSON.stringify(host ?? "")} is not a host name with an optional :port`);
  const allowed = [...LOCAL_HOSTS, ...config.allowedHosts.map((h) => h.toLowerCase())];
  if (!allowed.includes(parsed.hostname)) {
    throw new LineageError("forbidden", `host ${JSON.stringify(host)} is not served here; set LINEAGE_ALLOWED_HOSTS to serve it`);
  }
  const origin = headers.get("origin");
  if (origin !== null && origin !== "null") {
    let originHost: string;
    try {
      originHost = new URL(origin).host.toLowerCase();
    } catch {
      throw new LineageError("forbidden", "the Origin header is not a URL");
    }
    if (originHost !== host!.toLowerCase()) throw new LineageError("forbidden", `cross-origin request from ${origin} refused`);
  } else if (origin === "null") {
    throw new LineageError("forbidden", "requests from an opaque origin are refused");
  }
  if (headers.get("sec-fetch-site") === "cross-site") throw new LineageError("forbidden", "cross-site request refused");
}

/** Tokens in URLs end up in logs and browser history: refused outright, before any other check. */
export function refuseTokenInQuery(url: URL): void {
  for (const key of url.searchParams.keys()) {
    if (/^(token|access_token|api_key|apikey|key)$/i.test(key)) {
      throw new LineageError("invalid_input", `tokens are never accepted in the query string (${key}); send Authorization: Bearer <token>`);
    }
  }
}
