import { readHandler } from "@/lib/http/handler";
import { verifyRun } from "@/lib/services/verify-run";

export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return readHandler(req, async ({ db }) => Response.json(verifyRun(db, (await params).id)));
}
