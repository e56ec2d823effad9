// The comparison at equal budget, first on the compare page: each arm's best at the smallest run's
// trial count and at the shortest run's wall-clock, its band over seeds, its Δ against the reference.
import Link from "next/link";
import { formatScore } from "@/components/runs/format";
import { VisibleText } from "@/components/ui/visible-text";
import { formatDelta } from "@/lib/domain/number-format";
import type { Budget, MatchedBudget } from "@/lib/domain/matched-budget";
import { comparePath } from "./compare-path";
import "./compare.css";

type Props = { matched: MatchedBudget; ids: string[]; axis: string; direction: "minimize" | "maximize"; colours: Map<string, string> };

const duration = (s: number) => (s >= 3600 ? `${(s / 3600).toFixed(1)} h` : s >= 60 ? `${(s / 60).toFixed(1)} min` : `${Math.round(s)} s`);

function BudgetTable({ budget, matched, ids, axis, colours }: Props & { budget: Budget }) {
  const title =
    budget.kind === "trials"
      ? `At ${budget.value} trials each (the smallest run's count)`
      : `At ${duration(budget.value)} of wall-clock each (the shortest run's)`;
  return (
    <div className="table-wrap">
      <table data-testid={`matched-${budget.kind}`}>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th>Arm</th>
            <th className="num">Seeds</th>
            <th className="num">Best (mean)</th>
            <th className="num">Band (min–max)</th>
            <th className="num">Δ vs reference</th>
            <th>Reference</th>
          </tr>
        </thead>
        <tbody>
          {budget.arms.map((a) => (
            <tr key={a.key} data-testid="matched-row" aria-current={a.winner ? "true" : undefined} className={a.winner ? "winner-row" : undefined}>
              <td>
                {a.runs.map((r) => (
                  <span key={r.id} className="swatch" style={{ background: colours.get(r.id) }} aria-hidden="true" />
                ))}
                <VisibleText text={a.label} /> {a.winner && <span className="badge good-badge">winner</span>}
              </td>
              <td className="num" title={a.runs.map((r) => `${r.name}: ${formatScore(r.best)}`).join("\n")}>
                {a.runs.length}
              </td>
              <td className="num" data-testid="matched-mean">
                {formatScore(a.mean)}
              </td>
              <td className="num" data-testid="matched-band">
                {a.runs.length > 1 ? `${formatScore(a.min)} – ${formatScore(a.max)}` : <span className="muted">one run</span>}
              </td>
              <td className={`num ${a.gain === null ? "" : a.gain > 0 ? "good" : a.gain < 0 ? "bad" : ""}`} data-testid="matched-delta">
                {a.key === matched.reference ? (
                  <span className="muted">reference</span>
                ) : a.delta === null ? (
                  "—"
                ) : (
                  `${formatDelta(a.delta)} (${a.gain! > 0 ? "better" : a.gain! < 0 ? "worse" : "equal"})`
                )}
              </td>
              <td>{a.key === matched.reference ? <strong>reference</strong> : <Link href={comparePath(ids, axis, a.key)}>use as reference</Link>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function MatchedBudgetTables(props: Props) {
  const { matched } = props;
  if (!matched.byTrials) return <p className="muted">No run here has an evaluated trial yet.</p>;
  return (
    <div className="matched-budget" data-testid="matched-budget">
      <BudgetTable {...props} budget={matched.byTrials} />
      {matched.byTime ? (
        <BudgetTable {...props} budget={matched.byTime} />
      ) : (
        <p className="muted" data-testid="matched-no-time">
          No equal wall-clock: some run here records no times for its trials.
        </p>
      )}
      <p className="muted matched-note">
        Best: the best score ({props.direction === "minimize" ? "lowest" : "highest"}) among each run&apos;s first trials within the budget, failed trials
        counted but never scoring; an arm is the runs of one kind and feedback whose names differ only by a trailing seed number, its figure the mean of its
        seeds&apos; bests and its band their min–max.
      </p>
    </div>
  );
}
