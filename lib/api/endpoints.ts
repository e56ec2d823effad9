// The one table of the API the browser speaks: each endpoint's method, path, request schema (the
// query or body it takes, from lib/domain) and response schema (what the client checks the answer
// against). Hooks and the write helper name an endpoint here; no component builds an API path.
import { z } from "zod";
import { AuditQueueQuery, BulkVerdictInput, VerdictInput } from "../domain/audit/api";
import { NoteInput } from "../domain/notes";
import { LineageQuery, ListRunsQuery, ListTrialsQuery, RunCurveQuery, SignInInput } from "../domain/api";
import * as R from "../domain/api-responses";
import { StartRunInput } from "../domain/run-spec";
import { TaskSettingsChange } from "../domain/task-settings";

type Method = "GET" | "POST";
/** `text`: the answer is plain text (a raw diff), not JSON. */
export type Endpoint<M extends Method, P, Q extends z.ZodType | null, S extends z.ZodType> = {
  method: M;
  path: (p: P) => string;
  request: Q;
  response: S;
  text?: boolean;
};

const enc = encodeURIComponent;
const endpoint = <M extends Method, P, Q extends z.ZodType | null, S extends z.ZodType>(e: Endpoint<M, P, Q, S>) => e;
/** "?a=1&b=2" from the defined values, "" when there are none. */
export function queryString(q: Record<string, string | number | boolean | undefined | null>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== "") qs.set(k, String(v));
  const s = qs.toString();
  return s ? `?${s}` : "";
}

type Id = { id: string };
/** The lineage view's frame size, view (absent: the server picks the first view), opened clusters and trial in focus. */
export type LineageParams = { w: number; h: number; view?: { x: number; y: number; k: number }; open: string[]; focus?: number; context: boolean };
/** The audit queue's filters as its page keeps them in the URL. */
export type QueueFilters = Partial<Record<"domain" | "finding" | "verdict" | "agent", string>>;

export const ENDPOINTS = {
  session: endpoint({ method: "GET", path: () => "/api/auth/session", request: null, response: R.SessionInfo }),
  signIn: endpoint({ method: "POST", path: () => "/api/auth/sign-in", request: SignInInput, response: R.SignedIn }),
  signOut: endpoint({ method: "POST", path: () => "/api/auth/sign-out", request: null, response: R.SignedOut }),

  runs: endpoint({ method: "GET", path: (p: { task?: string }) => `/api/runs${queryString(p)}`, request: ListRunsQuery, response: R.RunList }),
  startRun: endpoint({ method: "POST", path: () => "/api/runs", request: StartRunInput, response: R.StartedRun }),
  run: endpoint({ method: "GET", path: (p: Id) => `/api/runs/${enc(p.id)}`, request: null, response: R.RunDetail }),
  runBreakdown: endpoint({ method: "GET", path: (p: Id) => `/api/runs/${enc(p.id)}/agents`, request: null, response: R.RunBreakdown }),
  runCurve: endpoint({ method: "GET", path: (p: Id) => `/api/runs/${enc(p.id)}/curve`, request: RunCurveQuery, response: R.RunCurve }),
  /** `query`: the trials list's query as it stands in the page's URL (filters, sort, cursor) */
  runTrials: endpoint({
    method: "GET",
    path: (p: Id & { query: string }) => `/api/runs/${enc(p.id)}/trials${p.query ? `?${p.query}` : ""}`,
    request: ListTrialsQuery,
    response: R.TrialsPage,
  }),
  runControl: endpoint({ method: "GET", path: (p: Id) => `/api/runs/${enc(p.id)}/control`, request: null, response: R.RunControl }),
  controlRun: endpoint({
    method: "POST",
    path: (p: Id & { action: "pause" | "resume" | "stop" }) => `/api/runs/${enc(p.id)}/control/${p.action}`,
    request: null,
    response: R.RunControl,
  }),
  lineage: endpoint({
    method: "GET",
    path: (p: Id & LineageParams) =>
      `/api/runs/${enc(p.id)}/lineage${queryString({ w: p.w, h: p.h, x: p.view?.x, y: p.view?.y, k: p.view?.k, open: p.open.length ? JSON.stringify(p.open) : null, focus: p.focus, context: p.context || null })}`,
    request: LineageQuery,
    response: R.LineageGraph,
  }),
  auditQueue: endpoint({
    method: "GET",
    path: (p: Id & { cursor?: string; filters?: QueueFilters }) => `/api/runs/${enc(p.id)}/audit/queue${queryString({ ...p.filters, cursor: p.cursor })}`,
    request: AuditQueueQuery,
    response: R.AuditQueuePage,
  }),

  giveVerdicts: endpoint({ method: "POST", path: (p: Id) => `/api/runs/${enc(p.id)}/audit/verdicts`, request: BulkVerdictInput, response: R.BulkVerdicts }),
  runNotes: endpoint({ method: "GET", path: (p: Id) => `/api/runs/${enc(p.id)}/notes`, request: null, response: R.NoteList }),
  addRunNote: endpoint({ method: "POST", path: (p: Id) => `/api/runs/${enc(p.id)}/notes`, request: NoteInput, response: R.NoteView }),
  addTrialNote: endpoint({ method: "POST", path: (p: Id) => `/api/trials/${enc(p.id)}/notes`, request: NoteInput, response: R.NoteView }),
  giveVerdict: endpoint({ method: "POST", path: (p: Id) => `/api/trials/${enc(p.id)}/verdicts`, request: VerdictInput, response: R.VerdictView }),
  reevalRequests: endpoint({ method: "GET", path: (p: Id) => `/api/trials/${enc(p.id)}/reevaluate`, request: null, response: R.ReevalRequests }),
  requestReeval: endpoint({ method: "POST", path: (p: Id) => `/api/trials/${enc(p.id)}/reevaluate`, request: null, response: R.ReevalRequest }),
  trialAncestry: endpoint({ method: "GET", path: (p: Id) => `/api/trials/${enc(p.id)}/ancestry`, request: null, response: R.TrialAncestry }),
  trialDiffText: endpoint({ method: "GET", path: (p: Id) => `/api/trials/${enc(p.id)}/diff`, request: null, response: z.string(), text: true }),
  trialCompareText: endpoint({
    method: "GET",
    path: (p: Id & { with: string }) => `/api/trials/${enc(p.id)}/compare${queryString({ with: p.with, format: "text" })}`,
    request: null,
    response: z.string(),
    text: true,
  }),

  reviseTaskSettings: endpoint({
    method: "POST",
    path: (p: Id) => `/api/tasks/${enc(p.id)}/settings`,
    request: TaskSettingsChange,
    response: R.TaskSettingsRevised,
  }),
  importSource: endpoint({ method: "POST", path: () => "/api/import", request: null, response: R.ImportReport }),
};

export type EndpointName = keyof typeof ENDPOINTS;
export type ParamsOf<N extends EndpointName> = Parameters<(typeof ENDPOINTS)[N]["path"]>[0];
export type ResponseOf<N extends EndpointName> = z.infer<(typeof ENDPOINTS)[N]["response"]>;
/** The body an endpoint takes, as the caller writes it (before the server's defaults). */
export type BodyOf<N extends EndpointName> = (typeof ENDPOINTS)[N]["request"] extends z.ZodType
  ? z.input<NonNullable<(typeof ENDPOINTS)[N]["request"]>>
  : never;
export type ReadName = { [N in EndpointName]: (typeof ENDPOINTS)[N]["method"] extends "GET" ? N : never }[EndpointName];
export type WriteName = Exclude<EndpointName, ReadName>;
