import { ListRunsQuery } from "@/lib/domain/api";
import { queryObject, readHandler, writeHandler } from "@/lib/http/handler";
import { parseOrThrow } from "@/lib/http/parse";
import { readBodyLimited, requireContentType } from "@/lib/http/read-body";
import { listRuns } from "@/lib/services/catalog";
import { startRunFromApi } from "@/lib/services/start-run";
import { LineageError } from "@/lib/domain/errors";

export function GET(req: Request) {
  return readHandler(req, ({ db, url }) => {
    const query = parseOrThrow(ListRunsQuery, queryObject(url), "query");
    return Response.json({ items: listRuns(db, query) });
  });
}

/** Starts a run of a built-in task; the runner process picks it up. */
export function POST(req: Request) {
  return writeHandler(req, async ({ db, actor, req }) => {
    requireContentType(req, ["application/json"]);
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(await readBodyLimited(req, 64 * 1024)));
    } catch (e) {
      if (e instanceof LineageError) throw e;
      throw new LineageError("invalid_json", "the body is not JSON");
    }
    const { runId, agents } = startRunFromApi(db, body, actor.name);
    return Response.json({ id: runId, agents }, { status: 201 });
  });
}
