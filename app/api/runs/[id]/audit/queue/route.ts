import { AuditQueueQuery } from "@/lib/domain/audit/api";
import { queryObject, readHandler } from "@/lib/http/handler";
import { parseOrThrow } from "@/lib/http/parse";
import { auditQueue } from "@/lib/services/audit-queue";

export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return readHandler(req, async ({ db, url }) => {
    const query = parseOrThrow(AuditQueueQuery, queryObject(url), "query");
    return Response.json(auditQueue(db, (await params).id, query));
  });
}
