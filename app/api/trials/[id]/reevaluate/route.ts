import { env } from "@/lib/env";
import { writeHandler } from "@/lib/http/handler";
import { reevaluateTrial } from "@/lib/services/reeval";

/** Re-runs the trial's stored code with its task's evaluator; the result is recorded beside it. */
export function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return writeHandler(
    req,
    async ({ db, actor }) => {
      const r = await reevaluateTrial(db, { trialId: (await params).id, actor: actor.name, logTailChars: env().LINEAGE_LOG_TAIL_BYTES });
      return Response.json(r, { status: 201 });
    },
    { role: "auditor" },
  );
}
