import Link from "next/link";
import { VisibleText } from "@/components/ui/visible-text";
import type { listRuns } from "@/lib/services/catalog";
import { formatPct, formatScore, formatTime } from "./format";

type RunItem = ReturnType<typeof listRuns>[number];

export function RunsTable({ runs }: { runs: RunItem[] }) {
  if (runs.length === 0) return <p className="muted">No runs for these tasks yet.</p>;
  return (
    <div className="table-wrap">
      <table data-testid="runs-table">
        <thead>
          <tr>
            <th>Run</th>
            <th>Task</th>
            <th>Kind</th>
            <th>Feedback</th>
            <th>Status</th>
            <th className="num">Trials</th>
            <th className="num">Kept</th>
            <th className="num">Baseline → best</th>
            <th className="num">Improvement</th>
            <th>Failures</th>
            <th>Last activity</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} data-testid="run-row">
              <td>
                <Link href={`/runs/${encodeURIComponent(r.id)}`}>
                  <VisibleText text={r.name} />
                </Link>
              </td>
              <td>
                <VisibleText text={r.taskName} />
              </td>
              <td>{r.kind}</td>
              <td>{r.feedback}</td>
              <td>{r.status}</td>
              <td className="num">{r.summary.trialCount}</td>
              <td className="num">{r.summary.keptCount}</td>
              <td className="num">
                {formatScore(r.summary.baselineScore)} → {formatScore(r.summary.bestScore)}
                <span className="muted"> {r.metric.name}</span>
              </td>
              <td className={`num ${(r.summary.improvementPct ?? 0) > 0 ? "good" : ""}`}>{formatPct(r.summary.improvementPct)}</td>
              <td>
                {Object.entries(r.summary.failures).map(([label, n]) => (
                  <span key={label} className="badge">
                    {label} {n}
                  </span>
                ))}
              </td>
              <td>{formatTime(r.summary.lastActivityAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
