// Re-evaluation: a trial's stored code run again with its task's evaluator, in the runner's
// sandbox. The reproduction is recorded beside the original (its own table and an event), never
// over it, with the difference and whether it is within the task's tolerance (its noise floor).
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ulid } from "ulid";
import type { Db } from "../../db/client";
import { insertReevaluation, type ReevaluationRow } from "../../db/audit-queries";
import { getRunRow, getTaskRow, getTrialRow } from "../../db/read-queries";
import { inWriteTransaction, insertEvent } from "../../db/write-queries";
import { LineageError } from "../domain/errors";
import { evaluateFiles } from "../runner/evaluate";
import { resolveTask, type LoadedTask } from "../runner/task-manifest";
import type { Files } from "../runner/files";
import { matchesAny } from "../runner/glob";
import { codeOfTrial } from "./code-snapshots";

/** Whether a reproduction agrees with the original: scores within tolerance, or the same failure label. */
export function reproduces(original: { score: number | null; failure: string | null }, again: { score?: number; failure?: string }, tolerance: number) {
  if (original.score !== null && again.score !== undefined) {
    const difference = again.score - original.score;
    return { difference, withinTolerance: Math.abs(difference) <= tolerance };
  }
  return { difference: null, withinTolerance: original.failure !== null && original.failure === (again.failure ?? null) };
}

function loadEvaluator(taskId: string, taskDir: unknown): LoadedTask {
  try {
    return resolveTask(typeof taskDir === "string" && taskDir ? taskDir : taskId);
  } catch {
    throw new LineageError("invalid_input", `task ${JSON.stringify(taskId)} has no evaluator on this machine (only tasks in tasks/ can be re-evaluated)`);
  }
}

/**
 * The trial's code with the task's evaluator-owned files as they are now: a reproduction must be
 * scored by the task's evaluator, not by the copy that travelled with the trial's snapshot.
 */
export function withTaskEvaluator(files: Files, task: LoadedTask): Files {
  const protectedPaths = task.manifest.protectedPaths ?? [];
  const out: Files = new Map([...files].filter(([path]) => !matchesAny(path, protectedPaths)));
  for (const [path, content] of task.baseline) if (matchesAny(path, protectedPaths)) out.set(path, content);
  return out;
}

export async function reevaluateTrial(db: Db, input: { trialId: string; actor: string; logTailChars: number }) {
  const trial = getTrialRow(db, input.trialId);
  if (!trial) throw new LineageError("not_found", `trial ${JSON.stringify(input.trialId)} does not exist`);
  if (trial.status !== "evaluated") throw new LineageError("invalid_input", `trial ${JSON.stringify(trial.id)} has not been evaluated yet`);
  const files = codeOfTrial(db, trial.id);
  if (!files) throw new LineageError("invalid_input", `trial ${JSON.stringify(trial.id)} has no stored code (imported runs carry none), so it cannot be re-run`);
  const run = getRunRow(db, trial.runId)!;
  const task = getTaskRow(db, run.taskId)!;
  const loaded = loadEvaluator(task.id, run.config?.taskDir);
  const scratch = mkdtempSync(join(tmpdir(), "lineage-reeval-"));
  chmodSync(scratch, 0o711); // as the runner does: the sandbox's uid must reach its workspace, list nothing
  let outcome;
  try {
    outcome = await evaluateFiles(join(scratch, "eval"), withTaskEvaluator(files, loaded), loaded.manifest, { logTailChars: input.logTailChars });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const tolerance = task.noiseFloor ?? 0;
  const verdict = reproduces(trial, outcome, tolerance);
  const at = new Date().toISOString();
  const row: ReevaluationRow = {
    id: ulid(),
    trialId: trial.id,
    originalScore: trial.score,
    score: outcome.score ?? null,
    metrics: outcome.metrics ?? null,
    failure: outcome.failure ?? null,
    failureDetail: outcome.failureDetail ?? null,
    difference: verdict.difference,
    tolerance,
    withinTolerance: verdict.withinTolerance,
    wallclockSeconds: outcome.wallclockSeconds,
    log: outcome.log,
    actor: input.actor,
    createdAt: at,
  };
  inWriteTransaction(db, () => {
    insertReevaluation(db, row);
    insertEvent(db, { id: ulid(), runId: trial.runId, trialId: trial.id, action: "reevaluated", actor: input.actor, at, detail: { reevaluationId: row.id, score: row.score, failure: row.failure, difference: row.difference, withinTolerance: row.withinTolerance }, receivedAt: at });
  });
  const { log: _log, ...view } = row;
  return view;
}
