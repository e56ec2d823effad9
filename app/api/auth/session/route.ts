import { readCookie, SESSION_COOKIE } from "@/lib/auth/cookies";
import { readHandler } from "@/lib/http/handler";
import { describeSession } from "@/lib/services/accounts";

/** Whether sign-in is on, who the caller is, and the CSRF token their writes must echo. */
export function GET(req: Request) {
  return readHandler(
    req,
    ({ db }) => Response.json(describeSession(db, readCookie(req.headers.get("cookie"), SESSION_COOKIE)), { headers: { "Cache-Control": "no-store" } }),
    { public: true },
  );
}
