import { RunCurveQuery } from "@/lib/domain/api";
import { queryObject, readHandler } from "@/lib/http/handler";
import { parseOrThrow } from "@/lib/http/parse";
import { getRunCurve } from "@/lib/services/run-curve";

export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return readHandler(req, async ({ db, url }) => {
    const query = parseOrThrow(RunCurveQuery, queryObject(url), "query");
    return Response.json(getRunCurve(db, (await params).id, query));
  });
}
