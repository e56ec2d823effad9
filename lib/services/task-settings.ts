// A task's settings after import: read them with their history, and revise them as an appended
// revision (who, when, what changed). Outcomes stay as recorded; what derives from the settings is
// recomputed: findings and figures on read, and on a direction change each run's best (is_best and
// run_stats' best are derived, outside every trial's hashed record).
import { ulid } from "ulid";
import type { Db } from "../../db/client";
import { getTaskRecordRow, getTaskRow } from "../../db/read-queries";
import { insertTaskRevision, latestTaskRevision, runIdsOfTask, scoredRowsOf, setIsBest, setRunBest, taskRevisionsOf } from "../../db/task-revision-queries";
import { inWriteTransaction, insertEvent } from "../../db/write-queries";
import { LineageError } from "../domain/errors";
import { markNewBests } from "../domain/frontier";
import { isBetter } from "../domain/scores";
import { applySettingsChange, type TaskSettings, type TaskSettingsChange } from "../domain/task-settings";
import type { MetricDirection } from "../domain/trace";

type TaskRow = NonNullable<ReturnType<typeof getTaskRow>>;

function settingsOfRow(task: TaskRow): TaskSettings {
  const spec = task.spec as { budgets?: TaskSettings["budgets"]; gates?: TaskSettings["gates"] };
  return { noiseFloor: task.noiseFloor, direction: task.metricDirection, budgets: spec.budgets ?? {}, gates: spec.gates ?? [] };
}

function taskOrThrow(db: Db, taskId: string): TaskRow {
  const task = getTaskRow(db, taskId);
  if (!task) throw new LineageError("not_found", `task ${JSON.stringify(taskId)} does not exist`, { path: ["taskId"] });
  return task;
}

/** The settings in force, the task record's own, and every revision newest first. */
export function getTaskSettings(db: Db, taskId: string) {
  const task = taskOrThrow(db, taskId);
  return {
    taskId: task.id,
    taskName: task.name,
    metricName: task.metricName,
    settings: settingsOfRow(task),
    recorded: settingsOfRow(getTaskRecordRow(db, taskId)!),
    revisions: taskRevisionsOf(db, taskId).map((r) => ({
      revision: r.revision,
      actor: r.actor,
      at: r.at,
      changes: r.changes,
      settings: r.settings as TaskSettings,
    })),
  };
}
export type TaskSettingsView = ReturnType<typeof getTaskSettings>;

/**
 * Appends a revision when the change changes anything (else answers `revision: null`, writing
 * nothing), as one transaction with its event and, for a new direction, each run's recomputed best.
 */
export function reviseTaskSettings(db: Db, input: { taskId: string; change: TaskSettingsChange; actor: string; now?: Date }) {
  return inWriteTransaction(db, () => {
    const task = taskOrThrow(db, input.taskId);
    const { settings, changes } = applySettingsChange(settingsOfRow(task), input.change);
    if (Object.keys(changes).length === 0) return { taskId: task.id, revision: null, settings, changes };
    const at = (input.now ?? new Date()).toISOString();
    const revision = (latestTaskRevision(db, task.id)?.revision ?? 0) + 1;
    insertTaskRevision(db, { id: ulid(), taskId: task.id, revision, settings, changes, actor: input.actor, at });
    if (changes.direction) for (const runId of runIdsOfTask(db, task.id)) recomputeBest(db, runId, settings.direction);
    // outside any run, so a run's exported trace stays as it was
    insertEvent(db, {
      id: ulid(),
      runId: null,
      trialId: null,
      action: "task.revised",
      actor: input.actor,
      at,
      detail: { taskId: task.id, revision, changes },
      receivedAt: at,
    });
    return { taskId: task.id, revision, settings, changes };
  });
}

/** Which trials were new bests, and the run's best, under `direction`. */
function recomputeBest(db: Db, runId: string, direction: MetricDirection): void {
  const rows = scoredRowsOf(db, runId);
  const newBest = markNewBests(rows, direction);
  let best: { id: string; score: number } | null = null;
  rows.forEach((r, i) => {
    if (newBest[i] !== (r.isBest === 1)) setIsBest(db, r.id, newBest[i]);
    if (newBest[i] && r.score !== null && isBetter(r.score, best?.score ?? null, direction)) best = { id: r.id, score: r.score };
  });
  const b = best as { id: string; score: number } | null;
  setRunBest(db, runId, b?.id ?? null, b?.score ?? null);
}
