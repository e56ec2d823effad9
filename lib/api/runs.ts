"use client";
// react-query hooks for the runs list and a run's page. Types come from the services' return
// types, so the wire shape has one definition.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { listRuns } from "../services/catalog";
import type { RunCurve } from "../services/run-curve";
import type { TrialListItem } from "../services/trials";
import { isLive } from "../../components/runs/live";
import { fetchJson } from "./fetch-json";

export type RunListItem = ReturnType<typeof listRuns>[number];
export type TrialsPage = { items: TrialListItem[]; nextCursor: string | null };


/** The runs list; polls every 3 s while any run is live, every 30 s otherwise. */
export function useRuns(task: string | undefined, initial?: RunListItem[]) {
  return useQuery({
    queryKey: ["runs", task ?? null],
    queryFn: () => fetchJson<{ items: RunListItem[] }>(`/api/runs${task ? `?task=${encodeURIComponent(task)}` : ""}`).then((b) => b.items),
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.some((r) => isLive(r.status)) ? 3_000 : 30_000),
    placeholderData: keepPreviousData,
  });
}

export function useRunCurve(runId: string, live: boolean, initial?: RunCurve) {
  return useQuery({
    queryKey: ["curve", runId],
    queryFn: () => fetchJson<RunCurve>(`/api/runs/${encodeURIComponent(runId)}/curve`),
    initialData: initial,
    refetchInterval: live ? 5_000 : false,
  });
}

/** One page of a run's trials; `params` is the list query as it stands in the page's URL. */
export function useTrialsPage(runId: string, params: URLSearchParams) {
  const qs = params.toString();
  return useQuery({
    queryKey: ["trials", runId, qs],
    queryFn: () => fetchJson<TrialsPage>(`/api/runs/${encodeURIComponent(runId)}/trials?${qs}`),
    placeholderData: keepPreviousData,
  });
}
