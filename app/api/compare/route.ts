import { CompareRunsQuery } from "@/lib/domain/api";
import { queryObject, readHandler } from "@/lib/http/handler";
import { parseOrThrow } from "@/lib/http/parse";
import { compareRuns } from "@/lib/services/compare-runs";

export function GET(req: Request) {
  return readHandler(req, ({ db, url }) => Response.json(compareRuns(db, parseOrThrow(CompareRunsQuery, queryObject(url), "query"))));
}
