import Link from "next/link";
import { formatNumber } from "@/lib/domain/number-format";
import { VisibleText } from "@/components/ui/visible-text";
import type { AuditItem } from "@/lib/services/audit-findings";
import { ClassificationView } from "./classification-view";
import { FindingBadges } from "./findings-list";
import { ReviewVerdict } from "./review-verdict";
import "./audit.css";

const fmt = (n: number | null) => formatNumber(n);

type Props = { items: AuditItem[]; minimize: boolean; domain: string; canJudge: boolean };

/** Every submission touching the domain: classification, findings, verdict status and score effect; auditors give verdicts in place. */
export function DomainReviewTable({ items, minimize, domain, canJudge }: Props) {
  if (items.length === 0) return <p className="empty">No submission touches this domain.</p>;
  return (
    <div className="table-wrap">
      <table data-testid="review-table">
        <thead>
          <tr>
            <th>#</th>
            <th>hypothesis</th>
            <th>domains</th>
            <th>findings</th>
            <th>verdict</th>
            <th>score</th>
            <th>effect vs parent</th>
          </tr>
        </thead>
        <tbody>
          {items.map((it) => {
            const gain = it.deltaVsParent === null ? null : minimize ? -it.deltaVsParent : it.deltaVsParent;
            return (
              <tr key={it.id} data-testid="review-row">
                <td>
                  <Link href={`/trials/${encodeURIComponent(it.id)}`}>#{it.seq}</Link>
                  {it.isBest ? <span className="badge good-badge">best</span> : it.kept ? <span className="badge">kept</span> : null}
                </td>
                <td className="pre-text">
                  <VisibleText text={it.hypothesis.slice(0, 160)} />
                </td>
                <td>
                  <ClassificationView c={it.classification} />
                </td>
                <td>
                  <FindingBadges findings={it.findings} />
                </td>
                <td>
                  <ReviewVerdict trialId={it.id} seq={it.seq} domain={domain} status={it.verdictStatus} canJudge={canJudge} />
                </td>
                <td>{it.failure ? <span className="badge bad-badge">{it.failure}</span> : fmt(it.score)}</td>
                <td className={gain === null ? "muted" : gain > 0 ? "good" : "bad"}>{gain === null ? "—" : `${gain > 0 ? "+" : ""}${fmt(gain)} gain`}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
