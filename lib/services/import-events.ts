// Each import that stored something is an event in the activity log, saying what it made. The event
// belongs to no run (runId null, the run named in its detail), so it stays outside the run's exported
// trace: export → re-import stays byte-identical.
import { ulid } from "ulid";
import type { Db } from "../../db/client";
import { insertEvent } from "../../db/write-queries";
import type { ImportReport } from "../importers/report";

export function recordImportEvent(db: Db, r: ImportReport, actor: string, now = new Date()): void {
  if (r.alreadyImported) return; // nothing was written, so nothing happened
  const at = now.toISOString();
  insertEvent(db, {
    id: ulid(),
    runId: null,
    trialId: null,
    action: "import",
    actor,
    at,
    detail: {
      format: r.format,
      source: r.source,
      runId: r.run.id,
      runName: r.run.name,
      runCreated: r.run.created,
      taskId: r.task.id,
      taskCreated: r.task.created,
      trials: r.trials.created,
      placeholders: r.trials.placeholders,
      agents: r.agents,
    },
    receivedAt: at,
  });
}
