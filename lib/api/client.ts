// The browser's one validating fetch: every answer of the app's API is parsed with its endpoint's
// response schema, so a page never draws from a shape it does not expect. A refusal keeps the
// server's code and message (ApiError); an answer of the wrong shape is an ApiShapeError naming
// the endpoint and the first fields that differ.
import { z } from "zod";
import { ENDPOINTS, type EndpointName, type ParamsOf, type ReadName, type ResponseOf } from "./endpoints";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class ApiShapeError extends Error {
  constructor(
    readonly endpoint: string,
    readonly issues: z.core.$ZodIssue[],
  ) {
    const where = issues.slice(0, 3).map((i) => `${i.path.join(".") || "(the answer)"}: ${i.message}`);
    super(`the server's answer to ${endpoint} has an unexpected shape (${where.join("; ")})`);
  }
}

/** Sends one request to `name` and parses the answer with its schema. `init` adds headers, method and body. */
export async function callEndpoint<N extends EndpointName>(name: N, params: ParamsOf<N>, init: RequestInit = {}): Promise<ResponseOf<N>> {
  const e = ENDPOINTS[name];
  const path = (e.path as (p: ParamsOf<N>) => string)(params);
  const res = await fetch(path, { ...init, method: e.method, headers: { Accept: e.text ? "text/plain" : "application/json", ...init.headers } });
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, err?.code ?? "http_error", err?.message ?? `${res.status} ${res.statusText}`);
  }
  const body: unknown = e.text ? await res.text() : await res.json().catch(() => undefined);
  const parsed = (e.response as z.ZodType).safeParse(body);
  if (!parsed.success) throw new ApiShapeError(`${e.method} ${path}`, parsed.error.issues);
  return parsed.data as ResponseOf<N>;
}

/** A read (GET) of the table, validated. */
export function apiRead<N extends ReadName>(name: N, params: ParamsOf<N>, init: RequestInit = {}): Promise<ResponseOf<N>> {
  return callEndpoint(name, params, init);
}

/** The path of an endpoint, for a plain link (a raw diff to open, a trace to download). */
export function endpointPath<N extends EndpointName>(name: N, params: ParamsOf<N>): string {
  return (ENDPOINTS[name].path as (p: ParamsOf<N>) => string)(params);
}
