import { clearedSessionCookie, isHttps, readCookie, SESSION_COOKIE } from "@/lib/auth/cookies";
import { writeHandler } from "@/lib/http/handler";
import { signOut } from "@/lib/services/accounts";

export function POST(req: Request) {
  return writeHandler(
    req,
    ({ db }) => {
      const id = readCookie(req.headers.get("cookie"), SESSION_COOKIE);
      if (id) signOut(db, id);
      return Response.json({ signedOut: true }, { headers: { "Set-Cookie": clearedSessionCookie(isHttps(req)) } });
    },
    { role: "viewer" },
  );
}
