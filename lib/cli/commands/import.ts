import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { env } from "../../env";
import { importSource } from "../../services/import-source";
import { formatImportReport } from "../../importers/report";
import { analyseAllQueued } from "../../services/analysis-queue";
import { ingestJsonlLines } from "../../services/ingest-jsonl";
import { reviseTaskSettings } from "../../services/task-settings";
import { changeFromFlags } from "./task";
import { UsageError, openStore } from "../context";
import { SOURCE_FLAGS, sourceFromFlags } from "../source-flags";
import type { Reply } from "../output";
import { readLinesSync } from "../../importers/read-lines";
import { formatIngestReport, ingestReportData } from "../report";

const OPTIONS = { db: { type: "string" }, "noise-floor": { type: "string" }, ...SOURCE_FLAGS } as const;

/**
 * --json: a trace's import answers {created, unchanged, completed, runs}; --from answers the import
 * report (the same object POST /api/import answers), with noiseFloor {value, taskId, revision} when
 * --noise-floor was given (revision null: the task already had it).
 */
export function importCommand(args: string[], reply: Reply): number {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true });
  if (values.from === undefined) {
    const foreign = (["task-id", "run-name", "metric", "maximize", "minimize", "kind", "feedback", "repo", "strict", "noise-floor"] as const).filter(
      (k) => values[k] !== undefined,
    );
    if (foreign.length) throw new UsageError(`--${foreign[0]} needs --from FORMAT (a lineage-trace/1 file carries its own)`);
    return importTrace(positionals, values.db, reply);
  }
  const { path, options } = sourceFromFlags(values, positionals);
  // checked before anything is stored; applied to the task as a revision once the import is in
  const noise = values["noise-floor"] !== undefined ? changeFromFlags({ "noise-floor": values["noise-floor"] }) : null;
  const db = openStore(values.db);
  try {
    const report = importSource(db, { path, options, logTailChars: env().LINEAGE_LOG_TAIL_BYTES });
    analyseAllQueued(db, undefined, analysisFailed(reply)); // the import stored its trials first; their audit analysis follows, outside its transaction
    if (!noise) {
      reply.result(report, formatImportReport(report));
      return 0;
    }
    const revised = reviseTaskSettings(db, { taskId: report.task.id, change: noise, actor: "cli" });
    const words =
      revised.revision === null
        ? `noise floor: already ${noise.noiseFloor}\n`
        : `noise floor: ${noise.noiseFloor} (task ${revised.taskId} revision ${revised.revision})\n`;
    reply.result(
      { ...report, noiseFloor: { value: noise.noiseFloor, taskId: revised.taskId, revision: revised.revision } },
      formatImportReport(report) + words,
    );
    return 0;
  } finally {
    db.$client.close();
  }
}

/** A stored trial whose audit analysis failed: said, and the import goes on (its audit shows it as not analysed). */
const analysisFailed = (reply: Reply) => (trialId: string, e: Error) =>
  reply.note(`lineage import: the audit analysis of trial ${JSON.stringify(trialId)} failed (${e.message}); it is stored as not analysed, for review\n`);

function importTrace(positionals: string[], dbFlag: string | undefined, reply: Reply): number {
  if (positionals.length !== 1) throw new UsageError("give one trace file, or - for standard input");
  const source = positionals[0];
  if (source !== "-" && !existsSync(source)) throw new UsageError(`no such file: ${source}`);
  const db = openStore(dbFlag);
  try {
    const result = ingestJsonlLines(db, readLinesSync(source === "-" ? 0 : source), { logTailChars: env().LINEAGE_LOG_TAIL_BYTES });
    analyseAllQueued(db, undefined, analysisFailed(reply));
    reply.result(ingestReportData(result), formatIngestReport(result));
    return 0;
  } finally {
    db.$client.close();
  }
}
