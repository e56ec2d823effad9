"use client";
// A run's page as one live view: header, figures, controls, curve, failure windows, agents and
// trials all read the run's queries, which one clock refreshes together while the run is live
// (lib/api/runs useRunLiveClock); a finished run is read once and never polled.
import { Suspense, type ReactNode } from "react";
import { RunControls } from "@/components/run-control/run-controls";
import { useRunBreakdown, useRunDetail, useRunLiveClock, useServerRenderedRun } from "@/lib/api/runs";
import type { RunBreakdown, RunCurveOutline, RunDetail } from "@/lib/domain/api-responses";
import { AgentsTable } from "./agents-table";
import { CurvePanel } from "./curve-panel";
import { FailureWindowsPanel } from "./failure-windows-panel";
import { RunFigures } from "./run-figures";
import { RunHeader } from "./run-header";
import { TrialsPanel } from "./trials-panel";

type Rendered = { run: RunDetail; breakdown: RunBreakdown; curve: RunCurveOutline };

/** `withControls`: the run was live when the page was rendered, so its controls stay after it stops. */
export function RunLive({
  rendered,
  withControls,
  documents,
  settings,
}: {
  rendered: Rendered;
  withControls: boolean;
  documents: ReactNode;
  settings: ReactNode;
}) {
  const runId = rendered.run.id;
  useServerRenderedRun(runId, rendered);
  const live = useRunLiveClock(runId, rendered.run);
  const run = useRunDetail(runId, rendered.run).data ?? rendered.run;
  const breakdown = useRunBreakdown(runId, rendered.breakdown).data ?? rendered.breakdown;
  const agents = run.agents.map((a) => ({ id: a.id, name: a.name }));
  return (
    <div data-testid="run-live" data-live={live}>
      <RunHeader run={run} />
      <RunFigures run={run} time={breakdown.time} />
      {withControls || live ? <RunControls runId={runId} /> : null}
      <section aria-labelledby="curve-heading">
        <h2 id="curve-heading">Score curve</h2>
        <Suspense fallback={<p className="muted">Loading the score curve…</p>}>
          <CurvePanel runId={runId} agents={agents} initial={rendered.curve} />
        </Suspense>
      </section>
      <div className="two-col run-breakdown">
        <section aria-labelledby="failures-heading">
          <h2 id="failures-heading">Failure labels over time</h2>
          <FailureWindowsPanel windows={breakdown.failureWindows} />
        </section>
        <section aria-labelledby="agents-heading">
          <h2 id="agents-heading">Agents</h2>
          <AgentsTable agents={breakdown.agents} order={agents.map((a) => a.id)} />
        </section>
      </div>
      {documents}
      <Suspense fallback={<p className="muted">Loading trials…</p>}>
        <TrialsPanel
          runId={runId}
          agents={agents}
          minimize={run.metric.direction === "minimize"}
          digits={run.scoreDigits}
          withQueue={breakdown.time.queueSeconds !== null}
        />
      </Suspense>
      {settings}
    </div>
  );
}

/** The clock alone, for a page that shows a run's controls without its page (the start form). */
export function RunLiveClock({ runId }: { runId: string }) {
  useRunLiveClock(runId);
  return null;
}
