import { readHandler, writeHandler } from "@/lib/http/handler";
import { listReevalRequests, requestReevaluation } from "@/lib/services/reeval";

/**
 * Queues a re-run of the trial's stored code with its task's evaluator (202); the runner beside the
 * server runs it in its turn and records the result beside the trial. 429 when the queue is full.
 */
export function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return writeHandler(
    req,
    async ({ db, actor }) => Response.json(requestReevaluation(db, { trialId: (await params).id, actor: actor.name }), { status: 202 }),
    { role: "auditor" },
  );
}

/** The trial's latest re-evaluation requests (queued, running, done or failed), newest first. */
export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return readHandler(req, async ({ db }) => Response.json({ items: listReevalRequests(db, (await params).id) }));
}
