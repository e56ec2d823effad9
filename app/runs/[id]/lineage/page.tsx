import Link from "next/link";
import { Suspense } from "react";
import { LineageView } from "@/components/lineage/lineage-view";
import { VisibleText } from "@/components/ui/visible-text";
import { getRunDetail } from "@/lib/services/catalog";
import { readForPage } from "@/lib/server/page-read";

export const dynamic = "force-dynamic";

function loadRun(id: string) {
  return readForPage((db) => getRunDetail(db, id));
}

export default async function LineagePage({ params }: { params: Promise<{ id: string }> }) {
  const run = loadRun((await params).id);
  const runHref = `/runs/${encodeURIComponent(run.id)}`;
  return (
    <>
      <nav aria-label="Breadcrumb" className="crumbs">
        <VisibleText text={run.taskName} /> ›{" "}
        <Link href={runHref}>
          <VisibleText text={run.name} />
        </Link>{" "}
        › lineage
      </nav>
      <h1>
        Lineage of <VisibleText text={run.name} />
      </h1>
      <p className="muted">
        Parents above children; a combination has several parents. Hover or focus a trial for its hypothesis and score, click to open it.{" "}
        <Link href={`/compare?runs=${encodeURIComponent(run.id)}`}>Compare with other runs</Link>
      </p>
      <Suspense fallback={<p className="muted">Loading the lineage…</p>}>
        <LineageView runId={run.id} />
      </Suspense>
    </>
  );
}
