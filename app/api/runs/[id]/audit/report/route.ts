import { AuditReportQuery } from "@/lib/domain/audit/api";
import { renderReportMarkdown } from "@/lib/domain/audit/report-md";
import { queryObject, readHandler } from "@/lib/http/handler";
import { parseOrThrow } from "@/lib/http/parse";
import { auditReport } from "@/lib/services/audit-report";

/** The audit report as a download: JSON or Markdown. */
export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return readHandler(req, async ({ db, url }) => {
    const { format } = parseOrThrow(AuditReportQuery, queryObject(url), "query");
    const id = (await params).id;
    const report = auditReport(db, id);
    const file = `audit-${id.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 100)}.${format}`;
    const headers = { "Content-Disposition": `attachment; filename="${file}"`, "X-Content-Type-Options": "nosniff" };
    if (format === "json") return Response.json(report, { headers });
    return new Response(renderReportMarkdown(report), { headers: { ...headers, "Content-Type": "text/markdown; charset=utf-8" } });
  });
}
