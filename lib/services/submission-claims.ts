// A run's trial budget and parallelism across processes: the web server's /api/mcp and any number
// of `lineage mcp` processes may submit into one run beside the runner's own agents, so what is in
// flight is counted in the database (a claim per trial, the runner's included, and job rows that
// hold none, such as a dead runner's), checked and claimed in one immediate transaction. A claim
// stops counting when its trial is recorded or its process dies.
import type { Db } from "../../db/client";
import * as claims from "../../db/claim-queries";
import * as read from "../../db/read-queries";
import * as write from "../../db/write-queries";

export type SlotCheck = { ok: true } | { ok: false; why: "budget" | "parallel"; inFlight: number; trialCount: number };

/** What is in flight in a run now, its dead or recorded claims cleared on the way. */
function inFlightNow(db: Db, runId: string): number {
  const open = claims.openClaimsOfRun(db, runId);
  const live = open.filter((c) => processAlive(c.pid));
  const gone = open.filter((c) => !live.includes(c)).map((c) => c.trialId);
  if (gone.length) claims.deleteClaims(db, gone);
  return live.length + claims.countUnclaimedJobsOfRun(db, runId);
}

/** Trials of a run being evaluated now in any process (the runner finishes a run only when none is). */
export const trialsInFlight = (db: Db, runId: string): number => write.inWriteTransaction(db, () => inFlightNow(db, runId));

function decide(db: Db, runId: string, limits: { trials: number; parallel: number }): SlotCheck {
  const trialCount = read.getRunStats(db, runId)?.trialCount ?? 0;
  const inFlight = inFlightNow(db, runId);
  if (trialCount + inFlight >= limits.trials) return { ok: false, why: "budget", inFlight, trialCount };
  if (inFlight >= limits.parallel) return { ok: false, why: "parallel", inFlight, trialCount };
  return { ok: true };
}

/** The check alone (no claim), for refusing early with the reason. */
export const checkSubmissionSlot = (db: Db, runId: string, limits: { trials: number; parallel: number }): SlotCheck =>
  write.inWriteTransaction(db, () => decide(db, runId, limits));

/** Checks and, when there is room, claims a slot for `trialId` in one transaction (MCP submissions and the runner's trials alike). */
export function claimSubmissionSlot(db: Db, input: { runId: string; trialId: string; trials: number; parallel: number }): SlotCheck {
  return write.inWriteTransaction(db, () => {
    const check = decide(db, input.runId, input);
    if (check.ok) claims.insertClaim(db, { trialId: input.trialId, runId: input.runId, pid: process.pid, claimedAt: new Date().toISOString() });
    return check;
  });
}

export function releaseSubmissionSlot(db: Db, trialId: string): void {
  claims.deleteClaims(db, [trialId]);
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // alive, another user's
  }
}
