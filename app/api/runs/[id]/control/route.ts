import { readHandler } from "@/lib/http/handler";
import { getRunControl } from "@/lib/services/run-control";

/** A run's control state: status, trials done of its budget, trials in flight, why it paused. */
export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return readHandler(req, async ({ db }) => Response.json(getRunControl(db, (await params).id)));
}
