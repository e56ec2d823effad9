import { writeHandler } from "@/lib/http/handler";
import { parseOrThrow } from "@/lib/http/parse";
import { RunAction } from "@/lib/domain/run-spec";
import { controlRun, getRunControl } from "@/lib/services/run-control";

/** POST /api/runs/:id/control/pause|resume|stop, recorded with the caller as the event's actor. */
export function POST(req: Request, { params }: { params: Promise<{ id: string; action: string }> }) {
  return writeHandler(req, async ({ db, actor }) => {
    const { id, action } = await params;
    controlRun(db, id, parseOrThrow(RunAction, action, "action"), actor.name);
    return Response.json(getRunControl(db, id));
  });
}
