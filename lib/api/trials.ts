"use client";
// Hooks of a trial's page and the audit: its re-evaluation requests, a raw diff, the audit queue's pages.
import { useQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import type { ReevalRequest } from "../domain/api-responses";
import { apiRead } from "./client";
import type { ParamsOf, QueueFilters } from "./endpoints";

const settled = (r: ReevalRequest | undefined) => r !== undefined && (r.status === "done" || r.status === "failed");

/** A trial's re-evaluation requests, newest first; polled every second until the request `follow` is done or failed. */
export function useReevalRequests(trialId: string, follow: string | null) {
  return useQuery({
    queryKey: ["reeval", trialId],
    queryFn: () => apiRead("reevalRequests", { id: trialId }).then((b) => b.items),
    refetchInterval: (q) => (follow !== null && !settled(q.state.data?.find((r) => r.id === follow)) ? 1_000 : false),
    refetchOnWindowFocus: false,
  });
}

/** A raw diff as text: the trial's own, or the one between two trials. Fetched once, when shown. */
export type RawDiffRequest =
  { endpoint: "trialDiffText"; params: ParamsOf<"trialDiffText"> } | { endpoint: "trialCompareText"; params: ParamsOf<"trialCompareText"> };

export function useRawDiff(request: RawDiffRequest | null) {
  return useQuery({
    queryKey: ["raw-diff", request?.endpoint, request?.params],
    queryFn: () => (request!.endpoint === "trialDiffText" ? apiRead("trialDiffText", request!.params) : apiRead("trialCompareText", request!.params)),
    enabled: request !== null,
    staleTime: Infinity,
  });
}

/** Loads a page of the audit queue, the first or the one after `cursor`, under the queue's filters (the queue keeps its pages itself, verdicts included). */
export function useAuditQueuePager(runId: string) {
  return useCallback((cursor: string | undefined, filters: QueueFilters = {}) => apiRead("auditQueue", { id: runId, cursor, filters }), [runId]);
}
