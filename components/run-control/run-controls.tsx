"use client";
// Pause, resume and stop a runner-driven run; shows its progress and why it paused. Its state comes
// from the run page's live clock (lib/api/runs), so it moves with the rest of the page.
import { useMutation } from "@tanstack/react-query";
import { useRunControl, useRunControlAnswered } from "@/lib/api/runs";
import { apiWrite } from "@/lib/api/write";
import { runActions } from "@/lib/domain/run-state";

export function RunControls({ runId, token }: { runId: string; token?: string }) {
  const state = useRunControl(runId);
  const answered = useRunControlAnswered(runId);
  const act = useMutation({
    mutationFn: (action: "pause" | "resume" | "stop") => apiWrite("controlRun", { id: runId, action }, { bearer: token }),
    onSuccess: answered,
  });
  const c = state.data;
  if (!c) return <p>{state.error ? `Cannot read the run: ${state.error.message}` : "Loading…"}</p>;
  const can = runActions(c.status);
  return (
    <section data-testid="run-controls" aria-label="Run control">
      <p>
        Status: <strong data-testid="run-status">{c.state}</strong>
        {c.stoppedBy ? ` by ${c.stoppedBy}` : ""} · trials{" "}
        <span data-testid="run-progress">
          {c.trials}
          {c.budget !== null ? ` / ${c.budget}` : ""}
        </span>
        {c.state === "stopped" && c.budget !== null && c.trials < c.budget ? " (stopped before its budget)" : ""}
        {c.inFlight > 0 ? ` · ${c.inFlight} in flight` : ""}
      </p>
      {c.pausedReason && <p data-testid="paused-reason">Paused: {c.pausedReason}</p>}
      {c.managed && (
        <p>
          <button type="button" onClick={() => act.mutate("pause")} disabled={!can.pause || act.isPending}>
            Pause
          </button>{" "}
          <button type="button" onClick={() => act.mutate("resume")} disabled={!can.resume || act.isPending}>
            Resume
          </button>{" "}
          <button type="button" onClick={() => act.mutate("stop")} disabled={!can.stop || act.isPending}>
            Stop
          </button>
        </p>
      )}
      {act.error && <p role="alert">{act.error.message}</p>}
    </section>
  );
}
