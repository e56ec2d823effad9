import { clientAddress } from "@/lib/auth/client-address";
import { isHttps, sessionCookie } from "@/lib/auth/cookies";
import { readJson, writeHandler } from "@/lib/http/handler";
import { parseOrThrow } from "@/lib/http/parse";
import { SignIn, signIn } from "@/lib/services/accounts";

/**
 * JSON only: a cross-site HTML form cannot send it, and a foreign Origin is refused by the guards.
 * Repeated failures per name and per client address answer 429 with Retry-After (lib/auth/sign-in-throttle.ts).
 */
export function POST(req: Request) {
  return writeHandler(
    req,
    async ({ db, req }) => {
      const input = parseOrThrow(SignIn, await readJson(req, 16 * 1024), "body");
      const s = await signIn(db, input, { address: clientAddress(req.headers) });
      return Response.json({ user: s.user, csrfToken: s.csrfToken }, { headers: { "Set-Cookie": sessionCookie(s.sessionId, isHttps(req)) } });
    },
    { public: true },
  );
}
