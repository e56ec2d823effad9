"use client";
// Pause, resume and stop a runner-driven run; shows its progress and why it paused. Polls the
// control state so a running run's progress moves on its own.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/lib/api/fetch-json";
import { apiWrite } from "@/lib/api/write";

type Control = { id: string; status: string; state: string; stoppedBy: string | null; trials: number; budget: number | null; inFlight: number; managed: boolean; pausedReason: string | null };

export function RunControls({ runId, token }: { runId: string; token?: string }) {
  const client = useQueryClient();
  const key = ["run-control", runId];
  const state = useQuery({ queryKey: key, queryFn: () => fetchJson<Control>(`/api/runs/${encodeURIComponent(runId)}/control`), refetchInterval: 1000 });
  const act = useMutation({
    mutationFn: (action: "pause" | "resume" | "stop") =>
      apiWrite<Control>(`/api/runs/${encodeURIComponent(runId)}/control/${action}`, { bearer: token }),
    onSuccess: (c) => client.setQueryData(key, c),
  });
  const c = state.data;
  if (!c) return <p>{state.error ? `Cannot read the run: ${state.error.message}` : "Loading…"}</p>;
  return (
    <section data-testid="run-controls" aria-label="Run control">
      <p>
        Status: <strong data-testid="run-status">{c.state}</strong>
        {c.stoppedBy ? ` by ${c.stoppedBy}` : ""} · trials <span data-testid="run-progress">{c.trials}{c.budget !== null ? ` / ${c.budget}` : ""}</span>
        {c.state === "stopped" && c.budget !== null && c.trials < c.budget ? " (stopped before its budget)" : ""}
        {c.inFlight > 0 ? ` · ${c.inFlight} in flight` : ""}
      </p>
      {c.pausedReason && <p data-testid="paused-reason">Paused: {c.pausedReason}</p>}
      {c.managed && (
        <p>
          <button type="button" onClick={() => act.mutate("pause")} disabled={c.status !== "running" || act.isPending}>Pause</button>{" "}
          <button type="button" onClick={() => act.mutate("resume")} disabled={c.status !== "paused" || act.isPending}>Resume</button>{" "}
          <button type="button" onClick={() => act.mutate("stop")} disabled={c.status === "finished" || c.status === "failed" || act.isPending}>Stop</button>
        </p>
      )}
      {act.error && <p role="alert">{act.error.message}</p>}
    </section>
  );
}
