"use client";
// react-query hooks for the runs list and a run's page. Every query of one run sits under the key
// ["run", id], so the run page's one live clock (useRunLiveClock) refreshes all of them at once.
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { RunBreakdown, RunControl, RunCurve, RunCurveOutline, RunDetail, RunListItem } from "../domain/api-responses";
import { isLive } from "../domain/run-state";
import { apiRead } from "./client";

/** How often a live run's page refreshes everything it shows. */
export const LIVE_POLL_MS = 2_000;

export const runKey = (runId: string) => ["run", runId] as const;
const keys = {
  detail: (id: string) => [...runKey(id), "detail"] as const,
  breakdown: (id: string) => [...runKey(id), "breakdown"] as const,
  curve: (id: string) => [...runKey(id), "curve"] as const,
  control: (id: string) => [...runKey(id), "control"] as const,
  trials: (id: string, qs: string) => [...runKey(id), "trials", qs] as const,
};

/** The runs list; polls every 3 s while any run is live, every 30 s otherwise. */
export function useRuns(task: string | undefined, initial?: RunListItem[]) {
  return useQuery({
    queryKey: ["runs", task ?? null],
    queryFn: () => apiRead("runs", { task }).then((b) => b.items),
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.some((r) => isLive(r.status)) ? 3_000 : 30_000),
    placeholderData: keepPreviousData,
  });
}

// A run's queries start from what the server rendered and refetch only when the live clock (or a
// write) invalidates them: no query polls on its own.
const fromClock = { staleTime: Infinity, refetchOnWindowFocus: false } as const;

export function useRunDetail(runId: string, initial?: RunDetail) {
  return useQuery({ queryKey: keys.detail(runId), queryFn: () => apiRead("run", { id: runId }), initialData: initial, ...fromClock });
}

export function useRunBreakdown(runId: string, initial?: RunBreakdown) {
  return useQuery({ queryKey: keys.breakdown(runId), queryFn: () => apiRead("runBreakdown", { id: runId }), initialData: initial, ...fromClock });
}

/**
 * The curve, drawn at once from the outline the server rendered (no hypotheses), while the whole
 * curve is fetched for the hover cards: the outline is a placeholder, never cached as the curve.
 */
export function useRunCurve(runId: string, outline?: RunCurveOutline) {
  return useQuery<RunCurve | RunCurveOutline>({
    queryKey: keys.curve(runId),
    queryFn: () => apiRead("runCurve", { id: runId }),
    placeholderData: outline,
    ...fromClock,
  });
}

export function useRunControl(runId: string) {
  return useQuery({ queryKey: keys.control(runId), queryFn: () => apiRead("runControl", { id: runId }), ...fromClock });
}

/** The control state a pause/resume/stop answered with; the rest of the page follows at once. */
export function useRunControlAnswered(runId: string) {
  const client = useQueryClient();
  return (c: RunControl) => {
    client.setQueryData(keys.control(runId), c);
    void client.invalidateQueries({ queryKey: runKey(runId) });
  };
}

/** One page of a run's trials; `params` is the list query as it stands in the page's URL. */
export function useTrialsPage(runId: string, params: URLSearchParams) {
  const qs = params.toString();
  return useQuery({
    queryKey: keys.trials(runId, qs),
    queryFn: () => apiRead("runTrials", { id: runId, query: qs }),
    placeholderData: keepPreviousData,
    ...fromClock,
  });
}

/**
 * A run's one polling clock: while the run is live, every LIVE_POLL_MS it refreshes every query of
 * the run together (header, figures, curve, controls, agents, failure windows, trials), and it
 * stops once the run is no longer live. Mount it once per page that shows a run.
 */
export function useRunLiveClock(runId: string, initial?: RunDetail): boolean {
  const client = useQueryClient();
  const detail = useRunDetail(runId, initial);
  const live = detail.data ? isLive(detail.data.status) : false;
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => void client.invalidateQueries({ queryKey: runKey(runId) }), LIVE_POLL_MS);
    return () => clearInterval(timer);
  }, [client, runId, live]);
  return live;
}

/**
 * What the server rendered of a run, handed to its queries when the server renders again
 * (router.refresh after a settings change): the first render already started from it.
 */
export function useServerRenderedRun(runId: string, rendered: { run: RunDetail; breakdown: RunBreakdown }) {
  const client = useQueryClient();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    client.setQueryData(keys.detail(runId), rendered.run);
    client.setQueryData(keys.breakdown(runId), rendered.breakdown);
    void client.invalidateQueries({ queryKey: keys.curve(runId) }); // rendered as an outline only
    void client.invalidateQueries({ queryKey: [...runKey(runId), "trials"] });
  }, [client, runId, rendered]);
}
