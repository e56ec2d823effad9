// The one way the dashboard writes: every POST from a page goes through apiWrite, which adds the
// session's CSRF token (asked once from GET /api/auth/session, asked again if the server refuses it
// as stale), the JSON or multipart body, and an optional bearer token, and validates the answer
// like every read. Without accounts the session has no token and none is sent; the server then
// needs none.
import { CSRF_HEADER } from "../auth/csrf-header";
import { ApiError, apiRead, callEndpoint } from "./client";
import type { BodyOf, ParamsOf, ResponseOf, WriteName } from "./endpoints";

let csrf: Promise<string | null> | null = null;

function csrfToken(fresh: boolean): Promise<string | null> {
  if (!csrf || fresh) {
    csrf = apiRead("session", undefined, { cache: "no-store" }).then((s) => s.csrfToken);
    csrf.catch(() => (csrf = null)); // a failed ask is asked again next time
  }
  return csrf;
}

export type WriteOptions<N extends WriteName> = {
  /** sent as JSON */
  json?: BodyOf<N>;
  /** sent as multipart/form-data (the browser sets the boundary) */
  form?: FormData;
  /** a bearer token typed by the user (LINEAGE_TOKEN or a user's API token) */
  bearer?: string;
};

const staleCsrf = (e: unknown) => e instanceof ApiError && e.status === 403 && e.message.includes(CSRF_HEADER);

export async function apiWrite<N extends WriteName>(name: N, params: ParamsOf<N>, o: WriteOptions<N> = {}): Promise<ResponseOf<N>> {
  const send = async (fresh: boolean) => {
    const token = await csrfToken(fresh);
    const headers: Record<string, string> = {};
    if (o.json !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers[CSRF_HEADER] = token;
    if (o.bearer) headers.Authorization = `Bearer ${o.bearer}`;
    return callEndpoint(name, params, { headers, body: o.json !== undefined ? JSON.stringify(o.json) : o.form, credentials: "same-origin" });
  };
  try {
    return await send(false);
  } catch (e) {
    // Signed in again in another tab, or the first ask raced a sign-in: one retry with a fresh token.
    if (staleCsrf(e)) return send(true);
    throw e;
  }
}
