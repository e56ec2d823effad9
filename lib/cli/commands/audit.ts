import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { renderReportMarkdown } from "../../domain/audit/report-md";
import { auditReport } from "../../services/audit-report";
import { UsageError, openStore, stdio } from "../context";

/** Exit status 1 when the chain is broken, so scripts can gate on it. */
export function auditCommand(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    options: { db: { type: "string" }, format: { type: "string", default: "md" }, output: { type: "string", short: "o" } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError("give the id of one run");
  if (values.format !== "md" && values.format !== "json") throw new UsageError(`--format must be md or json, not ${JSON.stringify(values.format)}`);
  const db = openStore(values.db);
  try {
    const report = auditReport(db, positionals[0]);
    const text = values.format === "json" ? JSON.stringify(report, null, 2) + "\n" : renderReportMarkdown(report);
    if (values.output) {
      writeFileSync(values.output, text);
      stdio.err(`wrote the audit report of run ${positionals[0]} to ${values.output}\n`);
    } else stdio.out(text);
    return report.chain.intact ? 0 : 1;
  } finally {
    db.$client.close();
  }
}
