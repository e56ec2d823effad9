import { AuditReportQuery } from "@/lib/domain/audit/api";
import { queryObject, readHandler } from "@/lib/http/handler";
import { parseOrThrow } from "@/lib/http/parse";
import { runJob } from "@/lib/server/jobs/run-job";

/** The audit report as a download: JSON or Markdown, computed in a job process (a whole-run pass). */
export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return readHandler(req, async ({ url }) => {
    const { format } = parseOrThrow(AuditReportQuery, queryObject(url), "query");
    const id = (await params).id;
    const { body } = await runJob({ kind: "auditReport", runId: id, format });
    const file = `audit-${id.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 100)}.${format}`;
    const headers = { "Content-Disposition": `attachment; filename="${file}"`, "X-Content-Type-Options": "nosniff" };
    const type = format === "json" ? "application/json" : "text/markdown; charset=utf-8";
    return new Response(body, { headers: { ...headers, "Content-Type": type } });
  });
}
