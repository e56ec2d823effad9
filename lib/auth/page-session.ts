// For server-rendered pages: who is looking, and a redirect to sign-in when accounts are on and
// nobody is signed in. Pages read through services, so this is their gate as handlers have theirs.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { store } from "../server/store";
import { describeSession, type SessionInfo } from "../services/accounts";
import { SESSION_COOKIE } from "./cookies";
import { atLeast, type Role } from "./roles";

export async function pageSession(): Promise<SessionInfo> {
  const jar = await cookies();
  return describeSession(store(), jar.get(SESSION_COOKIE)?.value);
}

export async function requireSignedIn(path: string): Promise<SessionInfo> {
  const s = await pageSession();
  if (s.accounts && !s.user) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  return s;
}

export const mayJudge = (s: SessionInfo) => s.user !== null && atLeast(s.user.role as Role, "auditor");

export { safeNext } from "./safe-next";
