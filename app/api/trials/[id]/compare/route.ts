import { TrialCompareQuery } from "@/lib/domain/api";
import { queryObject, readHandler } from "@/lib/http/handler";
import { parseOrThrow } from "@/lib/http/parse";
import { compareTrials } from "@/lib/services/compare-trials";

export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return readHandler(req, async ({ db, url }) => {
    const query = parseOrThrow(TrialCompareQuery, queryObject(url), "query");
    return Response.json(compareTrials(db, (await params).id, query));
  });
}
