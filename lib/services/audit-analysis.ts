// The stored audit analysis of a trial (classification and diff findings), read by every audit view.
// The runner's trials are analysed as they are recorded; bulk ingest (traces, imports) queues its
// trials and the queue is worked off beside it (analysis-queue.ts). A trial viewed while still queued,
// or recorded before analyses were stored, is analysed on that view and stored then, so it is
// analysed once, never per view.
import { isStoreError, type Db } from "../../db/client";
import { dequeueAnalysis } from "../../db/analysis-queue-queries";
import { saveTrialAnalysis, trialDiffOf, type AuditTrialRow } from "../../db/audit-queries";
import { findAgentSurface } from "../../db/ingest-lookups";
import { getRunRow, getTaskRow } from "../../db/read-queries";
import type { Classification } from "../domain/audit/classify";
import type { Finding } from "../domain/audit/findings";
import { ANALYSIS_VERSION, analyzeTrial, failedAnalysis, type AnalysisInput, type TrialAnalysis } from "../domain/audit/trial-analysis";

type Rules = AnalysisInput["task"];

/** Task rules by run, per database: tasks and a run's task never change once recorded. */
const rulesCache = new WeakMap<Db, Map<string, Rules>>();

function rulesOfRun(db: Db, runId: string): Rules {
  let byRun = rulesCache.get(db);
  if (!byRun) rulesCache.set(db, (byRun = new Map()));
  let rules = byRun.get(runId);
  if (!rules) {
    const run = getRunRow(db, runId);
    const spec = (run ? getTaskRow(db, run.taskId)?.spec : undefined) as Partial<Rules> | undefined;
    rules = { domains: spec?.domains, protectedPaths: spec?.protectedPaths, surfaces: spec?.surfaces };
    if (byRun.size > 1000) byRun.clear();
    byRun.set(runId, rules);
  }
  return rules;
}

export const surfaceOf = (db: Db, agentId: string | null | undefined) => (agentId ? (findAgentSurface(db, agentId) ?? null) : null);

/** Stores a trial's analysis; it is no longer owed. */
export function saveAnalysis(db: Db, trialId: string, a: TrialAnalysis, now: string): void {
  saveTrialAnalysis(db, {
    trialId,
    version: a.version,
    classification: a.classification,
    findings: a.findings as unknown as Record<string, unknown>[],
    analyzedAt: now,
  });
  dequeueAnalysis(db, trialId);
}

export type AnalysedTrial = { id: string; runId: string; agentId?: string | null; diff?: string | null; domain?: string | null };

/** The analysis of a trial as recorded: its diff and declared domain under its task's rules and its agent's surface. */
export function analyseTrial(db: Db, t: AnalysedTrial): TrialAnalysis {
  // Without a diff the surface is never read: no lookup (bulk imports record many such trials).
  const agentSurface = t.diff ? surfaceOf(db, t.agentId) : null;
  return analyzeTrial({ diff: t.diff, declared: t.domain, task: rulesOfRun(db, t.runId), agentSurface });
}

/** Analyses a trial as it is recorded and stores the result (inside the caller's write transaction). */
export function recordTrialAnalysis(db: Db, t: AnalysedTrial, now: string): void {
  saveAnalysis(db, t.id, analyseTrial(db, t), now);
}

/** The analysis, or (for an error of the trial's own, not the store's) one that says the checks did not run. */
function analysedOrFailed(analyse: () => TrialAnalysis, declared: string | null): TrialAnalysis {
  try {
    return analyse();
  } catch (e) {
    if (isStoreError(e)) throw e;
    return failedAnalysis(declared, (e as Error).message);
  }
}

/**
 * A trial's stored analysis; one missing or of an older version is computed now and stored, so the
 * next view reads it. Storing is best-effort: a view never fails because the store is busy.
 */
export function analysisOf(db: Db, row: AuditTrialRow, surface: string | null): { classification: Classification; findings: Finding[] } {
  if (row.analysisVersion === ANALYSIS_VERSION && row.classification && row.diffFindings) {
    return { classification: row.classification as unknown as Classification, findings: row.diffFindings as unknown as Finding[] };
  }
  const a = analysedOrFailed(
    () => analyzeTrial({ diff: trialDiffOf(db, row.id), declared: row.domain, task: rulesOfRun(db, row.runId), agentSurface: surface }),
    row.domain,
  );
  try {
    saveAnalysis(db, row.id, a, new Date().toISOString());
  } catch {
    // busy or read-only: computed again on the next view until a write gets through
  }
  return a;
}
