// The evaluator's verdict on a trial: its score against its parent and against the run's best at
// the time, its metrics, or its failure label with the detail and the log tail.
import Link from "next/link";
import { formatScore } from "@/components/runs/format";
import { VisibleText } from "@/components/ui/visible-text";
import type { TrialPage } from "@/lib/services/trial-page";
import { DirectionLabel } from "./direction-label";
import { deltaTone, formatDelta, trialHref } from "./trial-format";

export function TrialOutcome({ page }: { page: TrialPage }) {
  const { trial, metric } = page;
  const unit = metric.unit ? ` ${metric.unit}` : "";
  if (trial.status !== "evaluated") {
    return <p data-testid="trial-outcome">Not evaluated yet ({trial.status}).</p>;
  }
  if (trial.failure) {
    return (
      <div data-testid="trial-outcome">
        <p>
          Failed: <span className={`badge failure-${trial.failure}`}>{trial.failure}</span>
        </p>
        {trial.failureDetail && (
          <p className="pre-text" data-testid="failure-detail">
            <VisibleText text={trial.failureDetail} />
          </p>
        )}
      </div>
    );
  }
  const metrics = Object.entries(trial.metrics ?? {});
  return (
    <div data-testid="trial-outcome">
      <dl className="facts">
        <dt>
          <VisibleText text={metric.name} />
        </dt>
        <dd className="score">
          {formatScore(trial.score)}
          {unit}
        </dd>
        <dt>
          Δ vs parent <DirectionLabel direction={metric.direction} />
        </dt>
        <dd className={deltaTone(page.deltaVsParent, metric.direction)} data-testid="delta-parent">
          {formatDelta(page.deltaVsParent)}
        </dd>
        <dt>
          Δ vs the run&apos;s best at the time <DirectionLabel direction={metric.direction} />
        </dt>
        <dd className={deltaTone(page.deltaVsBestBefore, metric.direction)} data-testid="delta-best">
          {formatDelta(page.deltaVsBestBefore)}
          {page.bestBefore && (
            <span className="muted">
              {" "}
              (best before: {formatScore(page.bestBefore.score)}, <Link href={trialHref(page.bestBefore.id)}>that trial</Link>)
            </span>
          )}
        </dd>
      </dl>
      {metrics.length > 0 && (
        <table className="metrics" data-testid="trial-metrics">
          <thead>
            <tr>
              <th>Metric</th>
              <th className="num">Value</th>
            </tr>
          </thead>
          <tbody>
            {metrics.map(([name, value]) => (
              <tr key={name}>
                <td>
                  <VisibleText text={name} />
                </td>
                <td className="num">{formatScore(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
