// Pages with accounts on: anyone not signed in is sent to /sign-in. The pages' own reads go
// through services without a handler, so this gate runs in the proxy for every page, and the
// audit and activity pages check again themselves (lib/auth/page-session.ts).
import { store } from "../server/store";
import { accountsEnabled, principalFromSession } from "../services/accounts";
import { SESSION_COOKIE } from "./cookies";

const OPEN_PAGES = /^\/(sign-in|schema\/|icon\.svg$)/; // the favicon too: the sign-in page shows it

/** The sign-in URL to send this request to, or null when it may go on. */
export function signInRedirect(pathname: string, search: string, cookieValue: (name: string) => string | undefined): string | null {
  if (OPEN_PAGES.test(pathname)) return null;
  const db = store();
  if (!accountsEnabled(db)) return null;
  const id = cookieValue(SESSION_COOKIE);
  if (id && principalFromSession(db, id)) return null;
  return `/sign-in?next=${encodeURIComponent(pathname + search)}`;
}
