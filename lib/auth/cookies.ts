// The session cookie: http-only (no script can read it), SameSite=Strict (never sent on a
// cross-site request), Secure when the request came over https.
export const SESSION_COOKIE = "lineage_session";
export const SESSION_SECONDS = 7 * 24 * 3600;

export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

export function sessionCookie(value: string, secure: boolean, maxAge = SESSION_SECONDS): string {
  return [`${SESSION_COOKIE}=${encodeURIComponent(value)}`, "Path=/", "HttpOnly", "SameSite=Strict", `Max-Age=${maxAge}`, ...(secure ? ["Secure"] : [])].join(
    "; ",
  );
}

export const clearedSessionCookie = (secure: boolean) => sessionCookie("", secure, 0);

/** https as the client saw it (a proxy in front says so in X-Forwarded-Proto). */
export const isHttps = (req: Request) => new URL(req.url).protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
