import { readHandler } from "@/lib/http/handler";

// A no-op read: the same guards and store lookup as every read route, and no query. It is the
// baseline the benchmarks (npm run bench, P3) compare GET /api/trials/:id against.
export function GET(req: Request) {
  return readHandler(req, () => Response.json({ ok: true }));
}
