// Audit items: the classification and diff findings stored when each trial was recorded
// (audit-analysis.ts), plus the findings that are cheap and may change (budgets, gates, noise,
// evaluator files, reproductions) computed on read: O(page) for lists, O(keeps) for a run's headline.
import type { Db } from "../../db/client";
import { agentSurfaces, auditTrialRow, reevaluationsOf, verdictsOf, type AuditTrialRow, type ReevaluationRow, type VerdictRow } from "../../db/audit-queries";
import { getRunRow, getRunStats, getTaskRow } from "../../db/read-queries";
import type { TaskRow } from "../../db/write-queries";
import type { VerdictStatus } from "../domain/audit/api";
import { trialFindings, type Reproduction } from "../domain/audit/findings";
import type { AuditTask } from "../domain/audit/types";
import type { EvaluatorFiles } from "../domain/audit/evaluator-files";
import { LineageError } from "../domain/errors";
import { noiseCheck } from "../domain/keeps";
import { notCheckedKinds } from "../domain/audit/not-checked";
import { keepRows } from "../../db/keep-queries";
import type { RunConfig } from "../domain/run-spec";
import { loadTask } from "../evaluator/task";
import { analysisOf } from "./audit-analysis";
import { evaluatorFilesOfTree, hasStoredCode, trialEvaluator } from "./code-snapshots";
import { legalBestOf } from "./summaries";

export function auditTaskOf(task: TaskRow): AuditTask {
  const spec = task.spec as Partial<AuditTask>;
  return {
    metricName: task.metricName,
    direction: task.metricDirection,
    noiseFloor: task.noiseFloor,
    baselineScore: task.baselineScore,
    budgets: spec.budgets,
    gates: spec.gates,
    protectedPaths: spec.protectedPaths,
    surfaces: spec.surfaces,
    domains: spec.domains,
  };
}

export const reproductionOf = (r: ReevaluationRow): Reproduction => ({
  score: r.score,
  difference: r.difference,
  tolerance: r.tolerance,
  withinTolerance: r.withinTolerance,
});

export function verdictView(v: VerdictRow) {
  return { id: v.id, verdict: v.verdict, domain: v.domain, reason: v.reason, auditor: v.auditor, createdAt: v.createdAt };
}

export function statusOf(verdicts: VerdictRow[]): VerdictStatus {
  return (verdicts.at(-1)?.verdict as VerdictStatus | undefined) ?? "unreviewed";
}

export type AuditContext = { task: AuditTask; surfaces: Map<string, string | null> };

/**
 * The task's evaluator files as they are now, for runs the runner made from a task directory on this
 * machine; null when that directory is gone or unreadable (imported runs never have one).
 */
function currentEvaluator(taskDir: string | undefined, protectedPaths: readonly string[]): EvaluatorFiles | null {
  if (!taskDir) return null;
  try {
    return evaluatorFilesOfTree(loadTask(taskDir).baseline, protectedPaths);
  } catch {
    return null;
  }
}

/** The trial's own evaluator files, read only when its hash differs from the task's (to list what differs). */
function evaluatorFilesIfChanged(db: Db, row: AuditTrialRow, ctx: AuditContext) {
  const now = ctx.task.evaluator;
  if (!now || !row.evaluatorHash || row.evaluatorHash === now.hash) return null;
  return trialEvaluator(db, row.id, ctx.task.protectedPaths ?? [])?.files.files ?? null;
}

/** One trial as the audit shows it: light fields, classification, findings, its latest verdict. */
export function auditItem(
  db: Db,
  row: AuditTrialRow,
  ctx: AuditContext,
  verdicts: VerdictRow[],
  reevals: ReevaluationRow[],
  evaluatorFiles: Record<string, string> | null = null,
) {
  const agentSurface = row.agentId ? (ctx.surfaces.get(row.agentId) ?? null) : null;
  const { classification, findings: fromDiff } = analysisOf(db, row, agentSurface);
  const findings = trialFindings({ ...row, kept: row.kept, agentSurface, evaluatorFiles }, ctx.task, reevals.map(reproductionOf), fromDiff);
  const latest = verdicts.at(-1);
  return {
    id: row.id,
    seq: row.seq,
    agentId: row.agentId,
    hypothesis: row.hypothesis,
    status: row.status,
    score: row.score,
    failure: row.failure,
    failureDetail: row.failureDetail,
    kept: row.kept,
    isBest: row.isBest,
    deltaVsParent: row.deltaVsParent,
    classification,
    findings,
    verdictStatus: statusOf(verdicts),
    latestVerdict: latest ? verdictView(latest) : null,
    verdictCount: verdicts.length,
  };
}
export type AuditItem = ReturnType<typeof auditItem>;

/** Audit items for a batch of rows, with their verdicts and re-evaluations fetched in two queries. */
export function auditItems(db: Db, rows: AuditTrialRow[], ctx: AuditContext): AuditItem[] {
  const ids = rows.map((r) => r.id);
  const verdicts = verdictsOf(db, ids);
  const reevals = reevaluationsOf(db, ids);
  return rows.map((r) => auditItem(db, r, ctx, verdicts.get(r.id)!, reevals.get(r.id)!, evaluatorFilesIfChanged(db, r, ctx)));
}

/** withEvaluator: also read the task directory's evaluator files (every path that shows findings needs them) */
export function loadRunContext(db: Db, runId: string, withEvaluator = true) {
  const run = getRunRow(db, runId);
  if (!run) throw new LineageError("not_found", `run ${JSON.stringify(runId)} does not exist`);
  const taskRow = getTaskRow(db, run.taskId)!;
  const task = auditTaskOf(taskRow);
  if (withEvaluator) task.evaluator = currentEvaluator((run.config as Partial<RunConfig> | null)?.taskDir, task.protectedPaths ?? []);
  return { run, taskRow, ctx: { task, surfaces: agentSurfaces(db, runId) } satisfies AuditContext };
}

/** A trial's audit in full: classification, findings, verdict history, reproductions. */
export function getTrialAudit(db: Db, trialId: string) {
  const row = auditTrialRow(db, trialId);
  if (!row) throw new LineageError("not_found", `trial ${JSON.stringify(trialId)} does not exist`);
  const { ctx } = loadRunContext(db, row.runId);
  const verdicts = verdictsOf(db, [row.id]).get(row.id)!;
  const reevals = reevaluationsOf(db, [row.id]).get(row.id)!;
  const item = auditItem(db, row, ctx, verdicts, reevals, evaluatorFilesIfChanged(db, row, ctx));
  // why the re-evaluate button is off, or null when a re-run is possible (checked again on request)
  const reevalBlocked =
    row.status !== "evaluated"
      ? "the trial has not been evaluated yet"
      : hasStoredCode(db, row.id)
        ? null
        : "this trial has no stored code (imported runs carry none), so there is nothing to re-run";
  return { ...item, runId: row.runId, verdicts: verdicts.map(verdictView), reevaluations: reevals, reevalBlocked };
}

/** The run-level audit figures: keeps within noise, a declared baseline, raw and legal best. */
export function runAuditHeadline(db: Db, runId: string) {
  const { run, taskRow, ctx } = loadRunContext(db, runId, false); // the headline shows no per-trial findings
  const stats = getRunStats(db, runId)!;
  const noise = noiseCheck(keepRows(db, runId), ctx.task);
  const legal = legalBestOf(db, runId, taskRow);
  return {
    runId: run.id,
    runName: run.name,
    taskId: taskRow.id,
    taskName: taskRow.name,
    metric: { name: taskRow.metricName, direction: taskRow.metricDirection, unit: taskRow.metricUnit },
    noiseFloor: taskRow.noiseFloor,
    /** every keep (the run page's Kept); the noise floor is checked on the measured ones */
    keeps: noise.keeps,
    keepsMeasured: noise.measured,
    /** null: not checked (the task declares no noise floor) */
    keepsWithinNoise: noise.withinNoise,
    /** keeps the noise check cannot measure, each with its reason */
    keepsLeftOut: noise.leftOut,
    keepsLeftOutCount: noise.leftOutCount,
    /** finding kinds the task gives nothing to check against, with the reason */
    notChecked: notCheckedKinds(ctx.task),
    /** the task declares a baseline score, but no baseline trial of this run measured one */
    baselineDeclared: stats.baselineScore === null && taskRow.baselineScore !== null,
    baselineScore: stats.baselineScore ?? taskRow.baselineScore,
    bestScore: stats.bestScore,
    bestTrialId: stats.bestTrialId,
    legalBestScore: legal?.score ?? null,
    legalBestTrialId: legal?.id ?? null,
    rulesFrom: ctx.task.domains && ctx.task.domains.length > 0 ? ("task" as const) : ("default" as const),
  };
}
export type RunAuditHeadline = ReturnType<typeof runAuditHeadline>;
