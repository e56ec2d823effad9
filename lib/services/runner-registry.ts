// What the scheduler writes about itself: its registration and heartbeat (so a successor can clean
// up after it), the leases on the runs it drives, and the re-evaluation requests it takes. Every
// decision a write rests on (is the lease fresh, is the run a started one) is made here, inside
// the transaction that writes it.
import type { Db } from "../../db/client";
import * as read from "../../db/read-queries";
import * as q from "../../db/runner-queries";
import * as write from "../../db/write-queries";
import { RunConfig, type ExecutorSpec } from "../domain/run-spec";
import { processAlive } from "../evaluator/local-executor";

export type RunnerIdentity = { id: string; pid: number };
export type RegisteredRunner = RunnerIdentity & { kind: string; workRoot: string; heartbeatAt: string };

export function registerRunner(db: Db, r: RunnerIdentity & { kind: string; workRoot: string }, now: string): void {
  q.insertRunner(db, { id: r.id, pid: r.pid, kind: r.kind, workRoot: r.workRoot, startedAt: now, heartbeatAt: now });
}

/** Renews the runner's heartbeat and every lease it holds. */
export function heartbeat(db: Db, runnerId: string, now: string): void {
  q.beatRunner(db, runnerId, now);
  q.beatLeases(db, runnerId, now);
}

export function unregisterRunner(db: Db, runnerId: string): void {
  q.deleteRunner(db, runnerId);
}

/** Every registered runner but `selfId` (alive or not: the caller decides). */
export const otherRunners = (db: Db, selfId: string): RegisteredRunner[] => q.otherRunners(db, selfId);

/** Runs a runner should drive: started through the run-starting service and running, oldest first. */
export const runsToDrive = (db: Db): string[] => q.activeRunIds(db);

/** Where a run stands for the scheduler: its status and how many trials it has. */
export function runProgress(db: Db, runId: string): { status: string; trialCount: number; hasBaseline: boolean } | undefined {
  const run = read.getRunRow(db, runId);
  const stats = read.getRunStats(db, runId);
  if (!run || !stats) return undefined;
  return { status: run.status, trialCount: stats.trialCount, hasBaseline: stats.baselineTrialId !== null };
}

/** The executor a started run's stored spec names (undefined: a record, or a spec from before executors: local). */
export function runExecutorSpec(db: Db, runId: string): ExecutorSpec | undefined {
  const parsed = RunConfig.safeParse(q.getStartedRun(db, runId)?.spec);
  return parsed.success ? parsed.data.executor : undefined;
}

/**
 * Takes the lease on a running, started run for `runner` unless another live runner holds a fresh
 * one. Returns the run's stored spec (never the trace record's config: a trace upload can say
 * anything there) and its trial count, or undefined when the run is not this runner's to drive.
 */
export function claimRun(db: Db, runId: string, runner: RunnerIdentity, staleMs: number, now: string): { config: RunConfig; trialCount: number } | undefined {
  const run = read.getRunRow(db, runId);
  if (!run || run.status !== "running") return undefined;
  const parsed = RunConfig.safeParse(q.getStartedRun(db, runId)?.spec);
  if (!parsed.success) return undefined; // a run without a stored spec is a record, not a job
  const won = write.inWriteTransaction(db, () => {
    const lease = q.getLease(db, runId);
    if (lease && lease.runnerId !== runner.id) {
      const fresh = Date.now() - Date.parse(lease.heartbeatAt) < staleMs;
      if (fresh && processAlive(lease.pid)) return false;
    }
    q.upsertLease(db, { runId, runnerId: runner.id, pid: runner.pid, heartbeatAt: now });
    return true;
  });
  return won ? { config: parsed.data, trialCount: read.getRunStats(db, runId)!.trialCount } : undefined;
}

export function releaseRun(db: Db, runId: string, runnerId: string): void {
  q.deleteLease(db, runId, runnerId);
}

/**
 * Takes the oldest queued re-evaluation (or the first queued of `onlyIds`) for `runnerId`, with the
 * workspace it will run in; undefined when there is none. Two runners never take the same one.
 */
export function takeQueuedReeval(
  db: Db,
  runnerId: string,
  workspaceOf: (jobId: string) => string,
  now: string,
  onlyIds?: readonly string[],
): string | undefined {
  for (;;) {
    const next = onlyIds ? onlyIds.map((id) => q.getReevalJob(db, id)).find((j) => j?.status === "queued") : q.oldestQueuedReeval(db);
    if (!next) return undefined;
    if (q.takeReevalJob(db, next.id, runnerId, workspaceOf(next.id), now)) return next.id;
  }
}

/** Marks a re-evaluation failed with the reason (the harness failed, or its runner died). */
export function failReeval(db: Db, jobId: string, error: string): void {
  q.finishReevalJob(db, jobId, { status: "failed", error }, new Date().toISOString());
}

export const isReevalQueued = (db: Db, jobId: string): boolean => q.getReevalJob(db, jobId)?.status === "queued";
