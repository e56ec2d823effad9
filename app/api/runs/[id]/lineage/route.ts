import { LineageQuery } from "@/lib/domain/api";
import { queryObject, readHandler } from "@/lib/http/handler";
import { parseOrThrow } from "@/lib/http/parse";
import { getLineageGraph } from "@/lib/services/lineage-graph";

export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return readHandler(req, async ({ db, url }) => {
    const query = parseOrThrow(LineageQuery, queryObject(url), "query");
    return Response.json(getLineageGraph(db, (await params).id, query));
  });
}
