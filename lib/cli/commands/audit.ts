import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { renderReportMarkdown } from "../../domain/audit/report-md";
import { auditReport } from "../../services/audit-report";
import { UsageError, openStore } from "../context";
import type { Reply } from "../output";

/**
 * Exit status 1 when the chain is broken, so scripts can gate on it. --json prints the report (as
 * --format json does); with -o FILE the file gets the format asked for and stdout {runId, file, format, intact}.
 */
export function auditCommand(args: string[], reply: Reply): number {
  const { values, positionals } = parseArgs({
    args,
    options: { db: { type: "string" }, format: { type: "string" }, output: { type: "string", short: "o" } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError("give the id of one run");
  const format = values.format ?? (reply.json ? "json" : "md");
  if (format !== "md" && format !== "json") throw new UsageError(`--format must be md or json, not ${JSON.stringify(values.format)}`);
  if (reply.json && format === "md" && !values.output) throw new UsageError("--json prints the report as JSON; give -o FILE to write the Markdown to a file");
  const db = openStore(values.db);
  try {
    const report = auditReport(db, positionals[0]);
    const text = format === "json" ? JSON.stringify(report, null, 2) + "\n" : renderReportMarkdown(report);
    if (values.output) {
      writeFileSync(values.output, text);
      const written = { runId: positionals[0], file: values.output, format, intact: report.chain.intact };
      reply.result(written, `wrote the audit report of run ${positionals[0]} to ${values.output}\n`, "err");
    } else reply.result(report, text);
    return report.chain.intact ? 0 : 1;
  } finally {
    db.$client.close();
  }
}
