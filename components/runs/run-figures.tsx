import Link from "next/link";
import type { RunBreakdown, RunDetail } from "@/lib/domain/api-responses";
import { DirectionLabel } from "@/components/trials/direction-label";
import { formatNumber } from "@/lib/domain/number-format";
import { formatDuration, formatPct } from "./format";

type Run = RunDetail;

function Figure({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="figure" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function RunFigures({ run, time }: { run: Run; time: RunBreakdown["time"] }) {
  const s = run.summary;
  const failures = Object.entries(s.failures).sort((a, b) => b[1] - a[1]);
  return (
    <dl className="figures" data-testid="run-figures">
      <Figure label={s.baselineIsMeasured ? "Baseline" : "Baseline (declared)"} testId="fig-baseline">
        {formatNumber(s.baselineScore, run.scoreDigits)}
      </Figure>
      <Figure label="Best" testId="fig-best">
        {s.bestTrialId ? <Link href={`/trials/${encodeURIComponent(s.bestTrialId)}`}>{formatNumber(s.bestScore, run.scoreDigits)}</Link> : "—"}
      </Figure>
      <Figure label="Legal best" testId="fig-legal-best">
        {s.legalBestTrialId ? <Link href={`/trials/${encodeURIComponent(s.legalBestTrialId)}`}>{formatNumber(s.legalBestScore, run.scoreDigits)}</Link> : "—"}
        {s.legalBestTrialId !== s.bestTrialId ? <div className="muted">the raw best was judged illegal</div> : null}
      </Figure>
      <Figure label="Improvement" testId="fig-improvement">
        <span className={(s.improvementPct ?? 0) > 0 ? "good" : undefined}>{formatPct(s.improvementPct)}</span>{" "}
        <DirectionLabel direction={run.metric.direction} />
      </Figure>
      <Figure label="Trials" testId="fig-trials">
        {s.trialCount.toLocaleString()}
        {s.evaluatedCount !== s.trialCount ? <span className="muted"> ({s.evaluatedCount.toLocaleString()} evaluated)</span> : null}
      </Figure>
      <Figure label="Kept" testId="fig-kept">
        {s.keptCount.toLocaleString()}
      </Figure>
      <Figure label="Failures" testId="fig-failures">
        {s.failureCount.toLocaleString()}
        <div>
          {failures.map(([label, n]) => (
            <span key={label} className="badge">
              {label} {n}
            </span>
          ))}
        </div>
      </Figure>
      <Figure label="Wall-clock" testId="fig-wallclock">
        {formatDuration(time.elapsedSeconds)}
        {time.computeSeconds !== null ? <div className="muted">{formatDuration(time.computeSeconds)} evaluating</div> : null}
        {time.queueSeconds !== null ? (
          <div className="muted" data-testid="fig-queue">
            {formatDuration(time.queueSeconds)} waiting in the cluster&apos;s queue
          </div>
        ) : null}
      </Figure>
    </dl>
  );
}
