// Who proposed a trial and what it cost to evaluate.
import { formatScore, formatTime } from "@/components/runs/format";
import { VisibleText } from "@/components/ui/visible-text";
import type { TrialPage } from "@/lib/services/trial-page";
import { formatBytes, formatDelta } from "./trial-format";

export function TrialDetails({ page }: { page: TrialPage }) {
  const { trial } = page;
  const agent = trial.agent;
  return (
    <dl className="facts" data-testid="trial-details">
      <dt>Agent</dt>
      <dd>{agent ? <VisibleText text={agent.name} /> : <span className="muted">—</span>}</dd>
      <dt>Surface</dt>
      <dd>{agent?.surface ? <VisibleText text={agent.surface} /> : <span className="muted">—</span>}</dd>
      {agent?.proposer && (
        <>
          <dt>Proposer</dt>
          <dd>
            <VisibleText text={agent.proposer} />
          </dd>
        </>
      )}
      {trial.domain && (
        <>
          <dt>Declared domain</dt>
          <dd>
            <VisibleText text={trial.domain} />
          </dd>
        </>
      )}
      {trial.expectedDelta !== undefined && (
        <>
          <dt>Expected Δ</dt>
          <dd>{formatDelta(trial.expectedDelta)}</dd>
        </>
      )}
      <dt>Wall-clock</dt>
      <dd>{trial.wallclockSeconds !== undefined ? `${formatScore(trial.wallclockSeconds)} s` : "—"}</dd>
      <dt>Artifact</dt>
      <dd>{formatBytes(trial.artifactBytes)}</dd>
      <dt>Peak memory</dt>
      <dd>{formatBytes(trial.peakMemoryBytes)}</dd>
      <dt>Finished</dt>
      <dd>{formatTime(trial.finishedAt)}</dd>
      <dt>Run</dt>
      <dd>
        <VisibleText text={page.run.name} />{" "}
        <span className="muted">
          ({page.run.kind}, feedback {page.run.feedback})
        </span>
      </dd>
    </dl>
  );
}
