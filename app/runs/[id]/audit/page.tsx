import { AuditQueuePage } from "@/lib/domain/api-responses";
import { AuditHeadline } from "@/components/audit/audit-headline";
import { AuditQueue } from "@/components/audit/audit-queue";
import { NotesPanel } from "@/components/audit/notes-panel";
import { mayJudge, requireSignedIn } from "@/lib/auth/page-session";
import { AuditQueueQuery } from "@/lib/domain/audit/api";
import { runAuditHeadline } from "@/lib/services/audit-findings";
import { auditQueue, auditQueueFacets } from "@/lib/services/audit-queue";
import { runNotes } from "@/lib/services/notes";
import { readForPage } from "@/lib/server/page-read";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const FILTERS = ["domain", "finding", "verdict", "agent"] as const;

/** The filters in the URL that parse; one that does not is left out, as if not given. */
function filtersOf(search: Record<string, string | string[] | undefined>) {
  const out: Partial<Record<(typeof FILTERS)[number], string>> = {};
  for (const k of FILTERS) {
    const v = search[k];
    if (typeof v === "string" && AuditQueueQuery.safeParse({ [k]: v }).success) out[k] = v;
  }
  return out;
}

function load(id: string, filters: ReturnType<typeof filtersOf>) {
  return readForPage((db) => ({
    headline: runAuditHeadline(db, id),
    queue: AuditQueuePage.parse(auditQueue(db, id, AuditQueueQuery.parse(filters))),
    facets: auditQueueFacets(db, id),
    notes: runNotes(db, id),
  }));
}

export default async function AuditPage({ params, searchParams }: Props) {
  const id = decodeURIComponent((await params).id);
  const filters = filtersOf(await searchParams);
  const qs = new URLSearchParams(filters).toString();
  const session = await requireSignedIn(`/runs/${encodeURIComponent(id)}/audit${qs ? `?${qs}` : ""}`);
  const { headline, queue, facets, notes } = load(id, filters);
  return (
    <>
      <h1>Audit</h1>
      <AuditHeadline h={headline} />
      <AuditQueue runId={id} initial={queue} initialFilters={filters} facets={facets} canJudge={mayJudge(session)} />
      <NotesPanel target={{ kind: "run", id }} initial={notes} canWrite={mayJudge(session)} title="Notes on this run" />
    </>
  );
}
