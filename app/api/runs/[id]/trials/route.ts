import { ListTrialsQuery } from "@/lib/domain/api";
import { queryObject, readHandler } from "@/lib/http/handler";
import { parseOrThrow } from "@/lib/http/parse";
import { listTrials } from "@/lib/services/trials";

export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return readHandler(req, async ({ db, url }) => {
    const query = parseOrThrow(ListTrialsQuery, queryObject(url), "query");
    return Response.json(listTrials(db, (await params).id, query));
  });
}
