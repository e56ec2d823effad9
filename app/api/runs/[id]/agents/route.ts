import { readHandler } from "@/lib/http/handler";
import { getRunBreakdown } from "@/lib/services/run-agents";

/** Per-agent figures, failure labels per window of trials and time spent. */
export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return readHandler(req, async ({ db }) => Response.json(getRunBreakdown(db, (await params).id)));
}
