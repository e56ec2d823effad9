// The domain review of a run (architecture by default, any domain by URL): every submission whose
// edit touches the domain, by its diff's classification or, without a diff, its declared domain,
// with findings, verdict status and score effect, and the counts at the top. One pass over the run.
import type { Db } from "../../db/client";
import { iterateAuditRows } from "../../db/audit-queries";
import type { VerdictStatus } from "../domain/audit/api";
import { touchesDomain } from "../domain/audit/classify";
import { domainName } from "../domain/audit/domains";
import { auditItems, loadRunContext, runAuditHeadline, type AuditItem } from "./audit-findings";

/** Items listed at most; the counts always cover every submission. */
const MAX_LISTED = 2000;

export type VerdictCounts = Record<VerdictStatus, number> & { submissions: number };
export const emptyCounts = (): VerdictCounts => ({ submissions: 0, legal: 0, illegal: 0, needs_review: 0, unreviewed: 0 });

export function tally(counts: VerdictCounts, item: AuditItem): void {
  counts.submissions++;
  counts[item.verdictStatus]++;
}

/** Visits every trial of a run as an audit item, a batch at a time. */
export function* auditItemsOfRun(db: Db, runId: string): Generator<AuditItem> {
  const { ctx } = loadRunContext(db, runId);
  for (const rows of iterateAuditRows(db, runId)) yield* auditItems(db, rows, ctx);
}

export function domainReview(db: Db, runId: string, domainQuery: string) {
  const headline = runAuditHeadline(db, runId);
  const domain = domainName(domainQuery) ?? domainQuery;
  const counts = emptyCounts();
  const seen = new Map<string, number>();
  const items: AuditItem[] = [];
  for (const item of auditItemsOfRun(db, runId)) {
    for (const d of new Set([...item.classification.domains, ...(item.classification.declared ? [item.classification.declared] : [])])) {
      seen.set(d, (seen.get(d) ?? 0) + 1);
    }
    if (!touchesDomain(item.classification, domain)) continue;
    tally(counts, item);
    if (items.length < MAX_LISTED) items.push(item);
  }
  return {
    headline,
    domain,
    counts,
    items,
    truncated: counts.submissions > items.length,
    /** every domain seen in the run with its number of submissions, for the domain picker */
    domains: [...seen.entries()].sort((a, b) => b[1] - a[1]).map(([name, submissions]) => ({ name, submissions })),
  };
}
