import { readHandler } from "@/lib/http/handler";
import { getRunDetail } from "@/lib/services/catalog";

export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return readHandler(req, async ({ db }) => Response.json(getRunDetail(db, (await params).id)));
}
