import { readHandler } from "@/lib/http/handler";
import { getTrialAncestors } from "@/lib/services/lineage-graph";

export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return readHandler(req, async ({ db }) => Response.json({ items: getTrialAncestors(db, (await params).id) }));
}
