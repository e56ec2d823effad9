// Pages answer only to the hosts we serve (against DNS rebinding). API handlers run the same check
// themselves; this covers the pages, which have no handler of ours to run it.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "./lib/env";
import { checkHost } from "./lib/http/request-guards";
import { signInRedirect } from "./lib/auth/page-gate";

export function proxy(request: NextRequest) {
  try {
    const allowedHosts = env()
      .LINEAGE_ALLOWED_HOSTS.split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    checkHost(request.headers, { allowedHosts });
  } catch (e) {
    return new NextResponse(`Forbidden: ${(e as Error).message}`, { status: 403, headers: { "Content-Type": "text/plain" } });
  }
  const signIn = signInRedirect(request.nextUrl.pathname, request.nextUrl.search, (name) => request.cookies.get(name)?.value);
  if (signIn) return NextResponse.redirect(new URL(signIn, request.url));
  return NextResponse.next();
}

export const config = {
  // API bodies must stream to their handlers untouched (they enforce their own limits and checks).
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
