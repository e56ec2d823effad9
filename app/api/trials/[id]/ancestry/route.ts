import { readHandler } from "@/lib/http/handler";
import { getTrialStory } from "@/lib/services/trial-story";

export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return readHandler(req, async ({ db }) => Response.json(getTrialStory(db, (await params).id)));
}
