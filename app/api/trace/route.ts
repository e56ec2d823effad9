import { env } from "@/lib/env";
import { writeHandler } from "@/lib/http/handler";
import { decodeUtf8Lines, readBodyLimited, requireContentType } from "@/lib/http/read-body";
import { ingestJsonl } from "@/lib/services/ingest-jsonl";

const NDJSON_TYPES = ["application/x-ndjson", "application/jsonl"];

export function POST(req: Request) {
  return writeHandler(req, async ({ db, req }) => {
    requireContentType(req, NDJSON_TYPES);
    const e = env();
    const text = decodeUtf8Lines(await readBodyLimited(req, e.LINEAGE_BODY_LIMIT_BYTES));
    const result = ingestJsonl(db, text, { logTailChars: e.LINEAGE_LOG_TAIL_BYTES });
    const createdAny = Object.values(result.created).some((n) => n > 0) || result.completed > 0;
    return Response.json(result, { status: createdAny ? 201 : 200 });
  });
}
