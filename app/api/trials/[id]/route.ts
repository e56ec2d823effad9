import { readHandler } from "@/lib/http/handler";
import { getTrial } from "@/lib/services/trials";

export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return readHandler(req, async ({ db }) => Response.json(getTrial(db, (await params).id)));
}
