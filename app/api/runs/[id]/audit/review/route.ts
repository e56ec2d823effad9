import { DomainReviewQuery } from "@/lib/domain/audit/api";
import { queryObject, readHandler } from "@/lib/http/handler";
import { parseOrThrow } from "@/lib/http/parse";
import { domainReview } from "@/lib/services/audit-review";

export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return readHandler(req, async ({ db, url }) => {
    const query = parseOrThrow(DomainReviewQuery, queryObject(url), "query");
    return Response.json(domainReview(db, (await params).id, query.domain));
  });
}
