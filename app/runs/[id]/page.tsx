import { NotesPanel } from "@/components/audit/notes-panel";
import { RunDocuments } from "@/components/runs/run-documents";
import { RunLive } from "@/components/runs/run-live";
import { TaskSettingsPanel } from "@/components/runs/task-settings-panel";
import { mayJudge, pageSession } from "@/lib/auth/page-session";
import { getTaskSettings } from "@/lib/services/task-settings";
import { isLive } from "@/lib/domain/run-state";
import { RunCurveQuery } from "@/lib/domain/api";
import { curveOutline } from "@/lib/domain/curve-view";
import { RunBreakdown, RunCurve, RunDetail } from "@/lib/domain/api-responses";
import { getRunDetail } from "@/lib/services/catalog";
import { getRunBreakdown } from "@/lib/services/run-agents";
import { runNotes } from "@/lib/services/notes";
import { getRunCurve } from "@/lib/services/run-curve";
import { readForPage } from "@/lib/server/page-read";

export const dynamic = "force-dynamic";

// The page starts from the same shapes the browser's queries check the API's answers against.
function load(id: string) {
  return readForPage((db) => {
    const run = RunDetail.parse(getRunDetail(db, id));
    return {
      rendered: {
        run,
        breakdown: RunBreakdown.parse(getRunBreakdown(db, id)),
        // without its hypotheses, half its bytes: the browser asks for them once the curve is drawn
        curve: curveOutline(RunCurve.parse(getRunCurve(db, id, RunCurveQuery.parse({})))),
      },
      settings: getTaskSettings(db, run.taskId),
      notes: runNotes(db, id),
    };
  });
}

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { rendered, settings, notes } = load(decodeURIComponent(id));
  const session = await pageSession();
  return (
    <>
      <RunLive
        rendered={rendered}
        withControls={isLive(rendered.run.status)}
        documents={<RunDocuments config={rendered.run.config} />}
        settings={<TaskSettingsPanel view={settings} canEdit={session.user?.role === "admin"} />}
      />
      <NotesPanel target={{ kind: "run", id: rendered.run.id }} initial={notes} canWrite={mayJudge(session)} title="Notes on this run" />
    </>
  );
}
