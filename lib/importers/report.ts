// What an import read, what it made and what the source lacked: the answer of the CLI and of
// POST /api/import alike.
// The report's shape is defined once, with the API's answers (lib/domain/api-responses.ts).
import { ImportReport } from "../domain/api-responses";

export { ImportReport };
export type Problem = ImportReport["problems"][number];

/** Trial fields whose presence the report tells; the rest are structural. */
export const REPORTED_FIELDS = [
  "agentId",
  "parentIds",
  "contextRefs",
  "hypothesis",
  "expectedDelta",
  "domain",
  "diff",
  "score",
  "metrics",
  "failureDetail",
  "wallclockSeconds",
  "artifactBytes",
  "peakMemoryBytes",
  "log",
  "context",
  "feedback",
  "startedAt",
  "finishedAt",
] as const;

const MAX_LISTED = 200;

/** Collects what an importer meets while it reads; one per pass over a source. */
export class ReportCollector {
  readonly files = new Map<string, number>();
  rowsRead = 0;
  malformedRows = 0;
  readonly problems: Problem[] = [];
  problemCount = 0;
  readonly unknownStatuses = new Set<string>();
  readonly notes: string[] = [];

  row(file: string): void {
    this.rowsRead++;
    this.files.set(file, (this.files.get(file) ?? 0) + 1);
  }
  file(file: string): void {
    if (!this.files.has(file)) this.files.set(file, 0);
  }
  problem(file: string, line: number, message: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_LISTED) this.problems.push({ file, line, message });
  }
  malformed(file: string, line: number, reason: string): void {
    this.malformedRows++;
    this.problem(file, line, `malformed source row: ${reason}`);
  }
  unknownStatus(file: string, line: number, word: string): void {
    this.unknownStatuses.add(word);
    this.problem(file, line, `unknown status ${JSON.stringify(word)} (imported as evaluated, not kept)`);
  }
  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }
}

export function formatImportReport(r: ImportReport): string {
  const counts = (o: Record<string, number>) =>
    Object.entries(o)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ") || "none";
  const lines = [
    `read: ${r.format} source ${r.source}: ${r.files.map((f) => `${f.name} (${f.rows} rows)`).join(", ")}; ${r.rowsRead} rows, ${r.malformedRows} malformed`,
    r.alreadyImported
      ? `already imported: run ${r.run.id} is stored unchanged, nothing was written`
      : `stored: task ${r.task.id} (${r.task.created ? "new" : "existing"}), run ${r.run.id} (${r.run.created ? "new" : "existing"})`,
    `task: ${r.task.name} — ${r.task.metric} (${r.task.direction})`,
    `run: ${r.run.name}`,
    `trials: ${r.trials.total} (${r.trials.created} new, ${r.trials.unchanged} unchanged); kept ${r.trials.kept}, scored ${r.trials.scored}` +
      (r.trials.placeholders ? `; ${r.trials.placeholders} placeholder parents not in source` : ""),
    `  by status: ${counts(r.trials.byStatus)}`,
    `  by label: ${counts(r.trials.byLabel)}`,
    `agents: ${r.agents}`,
    `source did not have: ${r.missingFields.join(", ") || "(every field)"}`,
  ];
  if (r.partialFields.length) lines.push(`only some rows had: ${r.partialFields.map((f) => `${f.field} (${f.present})`).join(", ")}`);
  if (r.unknownStatuses.length) lines.push(`unknown status words: ${r.unknownStatuses.join(", ")}`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  if (r.problemCount) {
    lines.push(`problems (${r.problemCount}):`);
    for (const p of r.problems) lines.push(`  ${p.file}:${p.line}: ${p.message}`);
    if (r.problemCount > r.problems.length) lines.push(`  … and ${r.problemCount - r.problems.length} more`);
  }
  return lines.join("\n") + "\n";
}
