import { traceJsonSchema } from "@/lib/domain/json-schema";
import { readHandler } from "@/lib/http/handler";

export function GET(req: Request) {
  return readHandler(req, () => Response.json(traceJsonSchema(), { headers: { "Cache-Control": "public, max-age=3600" } }));
}
