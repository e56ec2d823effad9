import Link from "next/link";
import { AuditHeadline } from "@/components/audit/audit-headline";
import { DomainReviewTable } from "@/components/audit/domain-review-table";
import { VisibleText } from "@/components/ui/visible-text";
import { mayJudge, requireSignedIn } from "@/lib/auth/page-session";
import { DomainReviewQuery } from "@/lib/domain/audit/api";
import { countsLine } from "@/lib/domain/audit/report-md";
import { domainReview } from "@/lib/services/audit-review";
import { readForPage } from "@/lib/server/page-read";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function DomainReviewPage({ params, searchParams }: Props) {
  const id = decodeURIComponent((await params).id);
  const raw = (await searchParams).domain;
  const query = DomainReviewQuery.safeParse({ domain: typeof raw === "string" ? raw : undefined });
  const domain = query.success ? query.data.domain : "architecture";
  const base = `/runs/${encodeURIComponent(id)}/audit/review`;
  const session = await requireSignedIn(`${base}?domain=${encodeURIComponent(domain)}`);
  const review = readForPage((db) => domainReview(db, id, domain));
  return (
    <>
      <h1>
        Domain review: <VisibleText text={review.domain} />
      </h1>
      <AuditHeadline h={review.headline} />
      <nav className="domain-picker" aria-label="Domains of this run">
        {review.domains.map((d) => (
          <Link key={d.name} href={`${base}?domain=${encodeURIComponent(d.name)}`} aria-current={d.name === review.domain ? "page" : undefined}>
            <VisibleText text={d.name} /> ({d.submissions})
          </Link>
        ))}
        <form action={base} method="get" className="inline-form">
          <label>
            other domain <input name="domain" defaultValue={review.domain} maxLength={500} />
          </label>
          <button type="submit">Review</button>
        </form>
      </nav>
      <p className="audit-counts" data-testid="review-counts">
        {countsLine(review.counts)}
      </p>
      <DomainReviewTable items={review.items} minimize={review.headline.metric.direction === "minimize"} domain={review.domain} canJudge={mayJudge(session)} />
      {review.truncated && <p className="muted">Listing cut at {review.items.length}; the counts cover every submission.</p>}
    </>
  );
}
