// The figures that decide "lineage feedback vs control" at a glance, one row per run.
import Link from "next/link";
import { formatPct, formatScore } from "@/components/runs/format";
import { DirectionLabel } from "@/components/trials/direction-label";
import { VisibleText } from "@/components/ui/visible-text";
import type { ComparedRun } from "@/lib/services/compare-runs";

export function CompareTable({ runs, colours }: { runs: ComparedRun[]; colours: Map<string, string> }) {
  return (
    <div className="table-wrap">
      <table data-testid="compare-table">
        <thead>
          <tr>
            <th>Run</th>
            <th>Kind</th>
            <th>Feedback</th>
            <th className="num">Trials</th>
            <th className="num">Baseline → best</th>
            <th className="num">Improvement</th>
            <th className="num">Trials to final best</th>
            <th>Failures</th>
            <th>Views</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => {
            const href = `/runs/${encodeURIComponent(r.id)}`;
            return (
              <tr key={r.id} data-testid="compare-row">
                <td>
                  <span className="swatch" style={{ background: colours.get(r.id) }} aria-hidden="true" />
                  <Link href={href}>
                    <VisibleText text={r.name} />
                  </Link>
                </td>
                <td>{r.kind}</td>
                <td>{r.feedback}</td>
                <td className="num">{r.summary.trialCount}</td>
                <td className="num">
                  {formatScore(r.summary.baselineScore)} → {formatScore(r.summary.bestScore)}
                </td>
                <td className={`num ${(r.summary.improvementPct ?? 0) > 0 ? "good" : ""}`}>
                  {formatPct(r.summary.improvementPct)} <DirectionLabel direction={r.metric.direction} />
                </td>
                <td className="num">{r.trialsToBest ?? "—"}</td>
                <td>
                  {r.summary.failureCount === 0 && <span className="muted">none</span>}
                  {Object.entries(r.summary.failures).map(([label, n]) => (
                    <span key={label} className={`badge failure-${label}`}>
                      {label} {n}
                    </span>
                  ))}
                </td>
                <td>
                  <Link href={`${href}/lineage`}>lineage</Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
