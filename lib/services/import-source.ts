// importSource: one source of another tool → one run, stored atomically through the trace ingest.
// `--strict` reads the whole source first and refuses it, listing every problem, before any write.
// The importers only read; storing what they read is this service's job (also for uploads).
import type { Db } from "../../db/client";
import { getRunRow, getTaskRow } from "../../db/read-queries";
import { LineageError } from "../domain/errors";
import { digestFiles } from "../importers/digest";
import { importerFor } from "../importers/importers";
import type { ImportOptions } from "../importers/options";
import type { SourcePlan } from "../importers/plan";
import { newTally, planRecords } from "../importers/records";
import { REPORTED_FIELDS, ReportCollector, type ImportReport } from "../importers/report";
import { sha256, slug } from "../importers/text";
import { stageUpload, type UploadedFile, type UploadFields } from "../importers/upload";
import { recordImportEvent } from "./import-events";
import { ingestTrace } from "./ingest-trace";
import { runRecord } from "./records";

/** actor: who asked (the activity log names them); "cli" when not said */
/** follow: `lineage watch` keeps one run id for a source that grows, and the run live while it follows */
type ImportSourceInput = { path: string; options: ImportOptions; logTailChars: number; actor?: string; follow?: { runId: string } };

export function importSource(db: Db, input: ImportSourceInput): ImportReport {
  const { options } = input;
  const read = importerFor(options.format)(input.path, options);
  const plan = input.follow ? { ...read, run: { ...read.run, status: "running" as const } } : read;
  const runId = input.follow?.runId ?? sourceRunId(options, digestFiles(plan.root, plan.files), plan.task.metric);
  // A run already stored under this id keeps its names and arm (the first import chose them from
  // its path, which a later import through another transport may not have): nothing changes.
  const storedRun = getRunRow(db, runId);
  const taskId = storedRun?.taskId ?? options.taskId ?? plan.task.id;
  const runName = storedRun?.name ?? options.runName ?? plan.sourceName;

  const existingTask = getTaskRow(db, taskId);
  if (existingTask && (existingTask.metricName !== plan.task.metric.name || existingTask.metricDirection !== plan.task.metric.direction)) {
    throw new LineageError(
      "conflict",
      `task ${JSON.stringify(taskId)} already exists with metric ${existingTask.metricName} (${existingTask.metricDirection}), but this source's metric is ${plan.task.metric.name} (${plan.task.metric.direction}); import it under another task with --task-id`,
      { taskId },
    );
  }
  if (options.strict) refuseProblems(plan, taskId, runId, runName);

  const report = new ReportCollector();
  const tally = newTally();
  const runExisted = Boolean(storedRun);
  const ids = { taskId, runId, runName, emitTask: !existingTask, storedRun: storedRun ? runRecord(storedRun) : undefined };
  const result = ingestTrace(db, planRecords(plan, ids, report, tally), { logTailChars: input.logTailChars });

  const present = tally.present;
  const total = tally.trials;
  const done: ImportReport = {
    format: options.format,
    source: plan.sourceName,
    files: [...report.files].map(([name, rows]) => ({ name, rows })),
    rowsRead: report.rowsRead,
    malformedRows: report.malformedRows,
    problems: report.problems,
    problemCount: report.problemCount,
    unknownStatuses: [...report.unknownStatuses],
    task: {
      id: taskId,
      name: existingTask?.name ?? plan.task.name,
      metric: plan.task.metric.name,
      direction: plan.task.metric.direction,
      created: result.created.task > 0,
    },
    run: { id: runId, name: runName, created: !runExisted },
    agents: tally.agents,
    trials: {
      total,
      created: result.created.trial + result.completed,
      unchanged: result.unchanged.trial,
      kept: tally.kept,
      scored: tally.scored,
      placeholders: tally.placeholders,
      byStatus: tally.byStatus,
      byLabel: tally.byLabel,
    },
    missingFields: REPORTED_FIELDS.filter((f) => !present.get(f)),
    partialFields: REPORTED_FIELDS.filter((f) => (present.get(f) ?? 0) > 0 && present.get(f)! < total).map((f) => ({ field: f, present: present.get(f)! })),
    notes: report.notes,
    alreadyImported: runExisted && result.created.trial === 0 && result.created.agent === 0 && result.completed === 0,
  };
  recordImportEvent(db, done, input.actor ?? "cli");
  return done;
}

/** Files uploaded through the dashboard: staged in a private temporary folder, imported like a path, removed. */
export function importUpload(db: Db, input: { fields: UploadFields; files: UploadedFile[]; logTailChars: number }): ImportReport {
  const staged = stageUpload(input.fields, input.files);
  try {
    return importSource(db, { path: staged.path, options: staged.options, logTailChars: input.logTailChars });
  } finally {
    staged.remove();
  }
}

/**
 * A source's run id comes from what was read and the options that change what is made of it, never
 * from its path or the transport: the CLI on a folder and the upload page on its files make one run.
 */
export function sourceRunId(options: ImportOptions, digest: string, metric: { name: string; direction: string }): string {
  const { format, taskId, runName, metric: metricOption, maximize, kind, feedback, repo } = options;
  const key = JSON.stringify({ format, digest, taskId, runName, metricOption, maximize, metric, kind, feedback, repo: Boolean(repo) });
  return [format, ...(runName ? [slug(runName, 40)] : []), sha256(key).slice(0, 12)].join("-");
}

/** The strict pass: read everything without writing; any problem refuses the whole source. */
function refuseProblems(plan: SourcePlan, taskId: string, runId: string, runName: string): void {
  const report = new ReportCollector();
  for (const _ of planRecords(plan, { taskId, runId, runName, emitTask: true }, report, newTally()));
  if (report.problemCount === 0) return;
  const listed = report.problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
  if (report.problemCount > listed.length) listed.push(`… and ${report.problemCount - listed.length} more`);
  throw new LineageError(
    "invalid_input",
    `--strict: the source has ${report.problemCount} problem${report.problemCount === 1 ? "" : "s"}; nothing was imported\n${listed.join("\n")}`,
    {
      problems: report.problems,
      problemCount: report.problemCount,
    },
  );
}
