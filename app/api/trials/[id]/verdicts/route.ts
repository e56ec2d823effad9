import { VerdictInput } from "@/lib/domain/audit/api";
import { readHandler, readJson, writeHandler } from "@/lib/http/handler";
import { parseOrThrow } from "@/lib/http/parse";
import { getTrialAudit } from "@/lib/services/audit-findings";
import { giveVerdict } from "@/lib/services/verdicts";

type Params = { params: Promise<{ id: string }> };

/** The trial's audit: classification, findings, verdict history, reproductions. */
export function GET(req: Request, { params }: Params) {
  return readHandler(req, async ({ db }) => Response.json(getTrialAudit(db, (await params).id)));
}

/** Appends a verdict; the auditor is the signed-in user (or the token's owner), never the body. */
export function POST(req: Request, { params }: Params) {
  return writeHandler(
    req,
    async ({ db, actor, req }) => {
      const verdict = parseOrThrow(VerdictInput, await readJson(req), "body");
      return Response.json(giveVerdict(db, { trialId: (await params).id, verdict, auditor: actor.name }), { status: 201 });
    },
    { role: "auditor" },
  );
}
