import { ListRunsQuery } from "@/lib/domain/api";
import { queryObject, readHandler } from "@/lib/http/handler";
import { parseOrThrow } from "@/lib/http/parse";
import { listRuns } from "@/lib/services/catalog";

export function GET(req: Request) {
  return readHandler(req, ({ db, url }) => {
    const query = parseOrThrow(ListRunsQuery, queryObject(url), "query");
    return Response.json({ items: listRuns(db, query) });
  });
}
