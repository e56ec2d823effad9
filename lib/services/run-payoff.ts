// Which kinds of edit paid off in a run (lib/domain/payoff.ts) over its evaluated trials, each in the
// domains the audit classified its diff into (or the domain it declared when it has no analysis).
import type { Db } from "../../db/client";
import { queuedCountOfRun } from "../../db/analysis-queue-queries";
import { payoffRows, type PayoffRow } from "../../db/payoff-queries";
import { getRunRow, getTaskRow } from "../../db/read-queries";
import { LineageError } from "../domain/errors";
import { runPayoff, type PayoffDimension, type PayoffTrial } from "../domain/payoff";

function domainsOf(r: PayoffRow): string[] {
  const classified = r.classifiedDomains ? (JSON.parse(r.classifiedDomains) as unknown) : null;
  if (Array.isArray(classified) && classified.length) return classified.filter((d): d is string => typeof d === "string");
  return r.declaredDomain ? [r.declaredDomain] : [];
}

export function getRunPayoff(db: Db, runId: string, by: PayoffDimension) {
  const run = getRunRow(db, runId);
  if (!run) throw new LineageError("not_found", `run ${JSON.stringify(runId)} does not exist`);
  const task = getTaskRow(db, run.taskId)!;
  const trials: PayoffTrial[] = payoffRows(db, runId).map((r) => ({
    seq: r.seq,
    agent: r.agent,
    surface: r.surface,
    domains: domainsOf(r),
    score: r.score,
    failure: r.failure,
    deltaVsParent: r.deltaVsParent,
    expectedDelta: r.expectedDelta,
    proposal: r.parents > 0,
  }));
  return {
    runId,
    metric: { name: task.metricName, direction: task.metricDirection, unit: task.metricUnit },
    // trials still queued for the audit's analysis (a fresh upload): they count under their declared domain until analysed
    analysisPending: queuedCountOfRun(db, runId),
    ...runPayoff(trials, task.metricDirection, by),
  };
}
export type RunPayoffView = ReturnType<typeof getRunPayoff>;
