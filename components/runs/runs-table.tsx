import Link from "next/link";
import { DirectionLabel } from "@/components/trials/direction-label";
import { VisibleText } from "@/components/ui/visible-text";
import { isLive } from "@/lib/domain/run-state";
import type { RunListItem } from "@/lib/domain/api-responses";
import { formatPct, formatScore, formatTime } from "./format";
import { failureRate, type RunSort } from "./sort-runs";

type Props = { runs: RunListItem[]; sort?: RunSort; desc?: boolean; onSort?: (s: RunSort) => void };

function SortHeader({ id, label, num, sort, desc, onSort }: { id: RunSort; label: string; num?: boolean } & Omit<Props, "runs">) {
  const active = sort === id;
  return (
    <th className={num ? "num" : undefined} aria-sort={active ? (desc ? "descending" : "ascending") : "none"}>
      {onSort ? (
        <button type="button" className="th-sort" onClick={() => onSort(id)} aria-label={`Sort by ${label}`}>
          {label}
          {active ? (desc ? " ▼" : " ▲") : ""}
        </button>
      ) : (
        label
      )}
    </th>
  );
}

export function RunsTable({ runs, ...sorting }: Props) {
  if (runs.length === 0) return <p className="muted">No runs for these tasks yet.</p>;
  return (
    <div className="table-wrap">
      <table data-testid="runs-table" className="runs-table">
        <thead>
          <tr>
            <SortHeader id="name" label="Run" {...sorting} />
            <SortHeader id="task" label="Task" {...sorting} />
            <th>Kind</th>
            <th>Feedback</th>
            <SortHeader id="status" label="Status" {...sorting} />
            <SortHeader id="trials" label="Trials" num {...sorting} />
            <th className="num">Kept</th>
            <th className="num">Baseline → best</th>
            <SortHeader id="improvement" label="Improvement" num {...sorting} />
            <SortHeader id="failures" label="Failure rate" num {...sorting} />
            <th>Agents</th>
            <SortHeader id="activity" label="Last activity" {...sorting} />
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => {
            const rate = failureRate(r);
            return (
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
                <td>
                  <span className={`status status-${r.state}`} data-testid="run-state">
                    {r.state}
                  </span>
                  {isLive(r.status) ? <span className="muted"> (live)</span> : null}
                </td>
                <td className="num" data-testid="run-trials">
                  {r.summary.trialCount}
                </td>
                <td className="num">{r.summary.keptCount}</td>
                <td className="num">
                  {formatScore(r.summary.baselineScore)} → {formatScore(r.summary.bestScore)}
                  {r.summary.legalBestTrialId !== r.summary.bestTrialId ? (
                    <div data-testid="run-legal-best">legal best {formatScore(r.summary.legalBestScore)}</div>
                  ) : null}
                  <span className="muted">
                    {" "}
                    <VisibleText text={r.metric.name} />
                  </span>
                </td>
                <td className={`num ${(r.summary.improvementPct ?? 0) > 0 ? "good" : ""}`}>
                  {formatPct(r.summary.improvementPct)} <DirectionLabel direction={r.metric.direction} />
                </td>
                <td className="num">
                  {rate === null ? "—" : `${(rate * 100).toFixed(1)}%`}
                  <div>
                    {Object.entries(r.summary.failures).map(([label, n]) => (
                      <span key={label} className="badge">
                        {label} {n}
                      </span>
                    ))}
                  </div>
                </td>
                <td className="agents-cell">
                  {r.agents.map((a, i) => (
                    <span key={i} className="badge agent-badge">
                      <VisibleText text={a} />
                    </span>
                  ))}
                </td>
                <td>{formatTime(r.summary.lastActivityAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
