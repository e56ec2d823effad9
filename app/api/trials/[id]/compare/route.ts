import { TrialCompareQuery } from "@/lib/domain/api";
import { queryObject, readHandler } from "@/lib/http/handler";
import { parseOrThrow } from "@/lib/http/parse";
import { compareTrials } from "@/lib/services/compare-trials";

export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return readHandler(req, async ({ db, url }) => {
    const query = parseOrThrow(TrialCompareQuery, queryObject(url), "query");
    const result = compareTrials(db, (await params).id, query);
    if (query.format === "json") return Response.json(result);
    // nosniff: the patch is agent-written text and must never be taken for HTML.
    return new Response(result.patch, { headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" } });
  });
}
