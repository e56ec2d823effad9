import { BulkVerdictInput } from "@/lib/domain/audit/api";
import { readJson, writeHandler } from "@/lib/http/handler";
import { parseOrThrow } from "@/lib/http/parse";
import { giveVerdicts } from "@/lib/services/verdicts";

/** One verdict per selected trial, with one domain and reason, in one transaction; the auditor is the signed-in user. */
export function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return writeHandler(
    req,
    async ({ db, actor, req }) => {
      const verdicts = parseOrThrow(BulkVerdictInput, await readJson(req), "body");
      return Response.json(giveVerdicts(db, { runId: (await params).id, verdicts, auditor: actor.name }), { status: 201 });
    },
    { role: "auditor" },
  );
}
