// Running one queued re-evaluation (in the runner process, never the web server's): the trial's
// stored code with its task's evaluator files as they are now, in the runner's sandbox; the
// reproduction is recorded beside the original with the difference and whether it is within the
// task's tolerance (its noise floor).
import { rmSync } from "node:fs";
import { join } from "node:path";
import { ulid } from "ulid";
import type { Db } from "../../db/client";
import { insertReevaluation, type ReevaluationRow } from "../../db/audit-queries";
import * as q from "../../db/runner-queries";
import { inWriteTransaction, insertEvent } from "../../db/write-queries";
import { evaluateFiles } from "../evaluator/evaluate";
import type { Executor } from "../evaluator/executor";
import { unmountScratch } from "../evaluator/scratch-fs";
import { noteReevalJobSubmitted } from "./trial-jobs";
import { getReevalRequest, prepareReevaluation, reproduces, withTaskEvaluator, type ReevalRequest } from "./reeval";

export type ReevalEnv = { workRoot: string; logTailChars: number; signal?: AbortSignal; executor?: Executor };

/**
 * Runs one queued request the caller has taken (q.takeReevalJob) in `workRoot/<job id>/eval`,
 * records the reproduction beside the original and marks the request done; a refusal or an
 * interruption marks it failed with the reason and records nothing.
 */
export async function executeReevalJob(db: Db, jobId: string, env: ReevalEnv): Promise<ReevalRequest> {
  const job = q.getReevalJob(db, jobId)!;
  const finish = (result: Parameters<typeof q.finishReevalJob>[2]) => {
    q.finishReevalJob(db, jobId, result, new Date().toISOString());
    return getReevalRequest(db, jobId);
  };
  let prepared: ReturnType<typeof prepareReevaluation>;
  try {
    prepared = prepareReevaluation(db, job.trialId);
  } catch (e) {
    return finish({ status: "failed", error: (e as Error).message });
  }
  const { trial, files, task, loaded } = prepared;
  const workspace = join(env.workRoot, jobId, "eval");
  let outcome;
  try {
    outcome = await evaluateFiles(workspace, withTaskEvaluator(files, loaded), loaded.manifest, {
      taskDir: loaded.dir,
      logTailChars: env.logTailChars,
      signal: env.signal,
      executor: env.executor,
      onSubmitted: (executorJobId, executor) => noteReevalJobSubmitted(db, jobId, executorJobId, executor),
    });
  } catch (e) {
    return finish({ status: "failed", error: `the harness failed: ${(e as Error).message}` });
  } finally {
    unmountScratch(workspace); // normally done already; never delete through a live mount
    rmSync(join(env.workRoot, jobId), { recursive: true, force: true });
  }
  // An interrupted evaluation says nothing about the code: no reproduction is recorded.
  if (env.signal?.aborted)
    return finish({ status: "failed", error: "interrupted: the runner stopped during the re-evaluation; nothing was recorded, ask again" });
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
    actor: job.actor,
    createdAt: at,
  };
  inWriteTransaction(db, () => {
    insertReevaluation(db, row);
    insertEvent(db, {
      id: ulid(),
      runId: trial.runId,
      trialId: trial.id,
      action: "reevaluated",
      actor: job.actor,
      at,
      detail: { reevaluationId: row.id, score: row.score, failure: row.failure, difference: row.difference, withinTolerance: row.withinTolerance },
      receivedAt: at,
    });
    q.finishReevalJob(db, jobId, { status: "done", reevaluationId: row.id }, at);
  });
  return getReevalRequest(db, jobId);
}
