import { AuditQueuePage } from "@/lib/domain/api-responses";
import { notFound } from "next/navigation";
import { AuditHeadline } from "@/components/audit/audit-headline";
import { AuditQueue } from "@/components/audit/audit-queue";
import { mayJudge, requireSignedIn } from "@/lib/auth/page-session";
import { AuditQueueQuery } from "@/lib/domain/audit/api";
import { isLineageError } from "@/lib/domain/errors";
import { store } from "@/lib/server/store";
import { runAuditHeadline } from "@/lib/services/audit-findings";
import { auditQueue } from "@/lib/services/audit-queue";

export const dynamic = "force-dynamic";

function load(id: string) {
  const db = store();
  try {
    return { headline: runAuditHeadline(db, id), queue: AuditQueuePage.parse(auditQueue(db, id, AuditQueueQuery.parse({}))) };
  } catch (e) {
    if (isLineageError(e) && e.code === "not_found") notFound();
    throw e;
  }
}

export default async function AuditPage({ params }: { params: Promise<{ id: string }> }) {
  const id = decodeURIComponent((await params).id);
  const session = await requireSignedIn(`/runs/${encodeURIComponent(id)}/audit`);
  const { headline, queue } = load(id);
  return (
    <>
      <h1>Audit</h1>
      <AuditHeadline h={headline} />
      <AuditQueue runId={id} initial={queue} canJudge={mayJudge(session)} />
    </>
  );
}
