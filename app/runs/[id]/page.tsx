import { notFound } from "next/navigation";
import { Suspense } from "react";
import { AgentsTable } from "@/components/runs/agents-table";
import { CurvePanel } from "@/components/runs/curve-panel";
import { FailureWindowsPanel } from "@/components/runs/failure-windows-panel";
import { RunFigures } from "@/components/runs/run-figures";
import { RunDocuments } from "@/components/runs/run-documents";
import { RunHeader } from "@/components/runs/run-header";
import { RunControls } from "@/components/run-control/run-controls";
import { TrialsPanel } from "@/components/runs/trials-panel";
import { TaskSettingsPanel } from "@/components/runs/task-settings-panel";
import { pageSession } from "@/lib/auth/page-session";
import { getTaskSettings } from "@/lib/services/task-settings";
import { isLive } from "@/components/runs/live";
import { RunCurveQuery } from "@/lib/domain/api";
import { isLineageError } from "@/lib/domain/errors";
import { store } from "@/lib/server/store";
import { getRunDetail } from "@/lib/services/catalog";
import { getRunBreakdown } from "@/lib/services/run-agents";
import { getRunCurve } from "@/lib/services/run-curve";

export const dynamic = "force-dynamic";

function load(id: string) {
  const db = store();
  try {
    const run = getRunDetail(db, id);
    return { run, breakdown: getRunBreakdown(db, id), curve: getRunCurve(db, id, RunCurveQuery.parse({})), settings: getTaskSettings(db, run.taskId) };
  } catch (e) {
    if (isLineageError(e) && e.code === "not_found") notFound();
    throw e;
  }
}

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { run, breakdown, curve, settings } = load(decodeURIComponent(id));
  const session = await pageSession();
  const agents = run.agents.map((a) => ({ id: a.id, name: a.name }));
  const live = isLive(run.status);
  return (
    <>
      <RunHeader run={run} />
      <RunFigures run={run} time={breakdown.time} />
      {live ? <RunControls runId={run.id} /> : null}
      <section aria-labelledby="curve-heading">
        <h2 id="curve-heading">Score curve</h2>
        <Suspense fallback={<p className="muted">Loading the score curve…</p>}>
          <CurvePanel runId={run.id} agents={agents} live={live} initial={curve} />
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
      <RunDocuments config={run.config as Record<string, unknown> | null} />
      <Suspense fallback={<p className="muted">Loading trials…</p>}>
        <TrialsPanel runId={run.id} agents={agents} minimize={run.metric.direction === "minimize"} digits={run.scoreDigits} />
      </Suspense>
      <TaskSettingsPanel view={settings} canEdit={session.user?.role === "admin"} />
    </>
  );
}
