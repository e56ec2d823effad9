import { readHandler } from "@/lib/http/handler";
import { runAuditHeadline } from "@/lib/services/audit-findings";

/** The run's audit headline: keeps within noise, declared baseline, raw and legal best. */
export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return readHandler(req, async ({ db }) => Response.json(runAuditHeadline(db, (await params).id)));
}
