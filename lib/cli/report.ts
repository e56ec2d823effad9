import type { IngestResult } from "../services/ingest-trace";

export function formatIngestReport(r: IngestResult): string {
  const parts = (counts: Record<string, number>) =>
    Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([type, n]) => `${n} ${type}${n === 1 ? "" : "s"}`)
      .join(", ") || "nothing";
  const lines = [`stored: ${parts(r.created)}`];
  if (Object.values(r.unchanged).some((n) => n > 0)) lines.push(`already stored, unchanged: ${parts(r.unchanged)}`);
  if (r.completed > 0) lines.push(`completed trials: ${r.completed}`);
  if (r.ids.run.length > 0) lines.push(`runs: ${r.ids.run.join(", ")}`);
  return lines.join("\n") + "\n";
}

/** The same report as data (--json): the counts by record type and the runs the trace touched. */
export function ingestReportData(r: IngestResult) {
  return { created: r.created, unchanged: r.unchanged, completed: r.completed, runs: r.ids.run };
}
