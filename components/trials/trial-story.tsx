// How a trial came about: its first-parent line from the baseline, one row per step (hypothesis,
// agent, score, Δ vs its parent read against the noise floor, the step's diff one click away), and
// beside each step the trials tried from the same parent that failed, each with its label.
import Link from "next/link";
import "./trial-story.css";
import { formatScore } from "@/components/runs/format";
import { VisibleText } from "@/components/ui/visible-text";
import type { StepReading } from "@/lib/domain/ancestry";
import { formatNumber } from "@/lib/domain/number-format";
import type { TrialStory, TrialStoryStep } from "@/lib/services/trial-story";
import { DirectionLabel } from "./direction-label";
import { formatDelta, trialHref } from "./trial-format";

const READING_WORDS: Record<StepReading, string> = {
  better: "better",
  worse: "worse",
  within_noise: "within noise",
  unchanged: "unchanged",
  none: "",
};

function StepDelta({ step, noiseFloor }: { step: TrialStoryStep; noiseFloor: number | null }) {
  if (step.reading === "none") return <span className="muted">{step.parentId ? "Δ —" : "baseline"}</span>;
  const tone = step.reading === "better" ? "good" : step.reading === "worse" ? "bad" : "muted";
  const title = step.reading === "within_noise" ? `the gain is no larger than the task's noise floor (${formatNumber(noiseFloor)})` : undefined;
  return (
    <span className={tone} data-testid="story-delta" data-reading={step.reading} title={title}>
      Δ {formatDelta(step.deltaVsParent)} <span className="story-reading">{READING_WORDS[step.reading]}</span>
    </span>
  );
}

function Siblings({ step, byId }: { step: TrialStoryStep; byId: Map<string, TrialStoryStep> }) {
  if (!step.parentId) return <div className="story-siblings muted">the start of the line</div>;
  const parent = byId.get(step.parentId);
  const from = parent ? `#${parent.seq}` : "its parent";
  if (step.failedSiblingCount === 0)
    return (
      <div className="story-siblings muted" data-testid="story-siblings">
        {step.siblingCount === 0 ? `the only trial from ${from}` : `no failures among ${step.siblingCount} other trials from ${from}`}
      </div>
    );
  return (
    <div className="story-siblings" data-testid="story-siblings">
      <div className="muted">
        {step.failedSiblingCount} of {step.siblingCount} other trials from {from} failed:
      </div>
      <ul className="story-failed">
        {step.failedSiblings.map((f) => (
          <li key={f.id}>
            <Link href={trialHref(f.id)} title={f.hypothesis} data-testid="story-failed-sibling">
              #{f.seq} <span className={`badge failure-${f.failure}`}>{f.failure}</span>
            </Link>
          </li>
        ))}
        {step.failedSiblingCount > step.failedSiblings.length && <li className="muted">and {step.failedSiblingCount - step.failedSiblings.length} more</li>}
      </ul>
    </div>
  );
}

export function TrialStoryView({ story }: { story: TrialStory }) {
  const byId = new Map(story.steps.map((s) => [s.id, s]));
  const last = story.steps.at(-1)!;
  if (story.steps.length === 1 && !last.parentId) return <p className="muted">This trial is where its line starts: it has no parent.</p>;
  return (
    <>
      <p className="muted">
        {story.steps.length - 1} step{story.steps.length === 2 ? "" : "s"} from {story.earlierSteps ? "the earliest told" : "the start of the line"} to this
        trial, each against its first parent <DirectionLabel direction={story.metric.direction} />
        {story.noiseFloor !== null ? ` · noise floor ${formatNumber(story.noiseFloor)}` : " · the task declares no noise floor"}
      </p>
      {story.earlierSteps && <p className="muted">Earlier steps of this line are left out; open the first step told to go further up.</p>}
      <ol className="story" data-testid="trial-story">
        {story.steps.map((s) => (
          <li key={s.id} className={`story-step${s.id === story.trialId ? " current" : ""}`} data-testid="story-step" data-trial-id={s.id}>
            <div className="story-main">
              <div className="story-head">
                {s.id === story.trialId ? <strong>#{s.seq} (this trial)</strong> : <Link href={trialHref(s.id)}>#{s.seq}</Link>}
                {s.agent ? (
                  <span className="badge">
                    <VisibleText text={s.agent} />
                  </span>
                ) : null}
                {s.failure ? (
                  <span className={`badge failure-${s.failure}`}>{s.failure}</span>
                ) : (
                  <span className="story-score" data-testid="story-score">
                    {formatScore(s.score)}
                  </span>
                )}
                <StepDelta step={s} noiseFloor={story.noiseFloor} />
                {s.isBest && <span className="badge best">new best</span>}
                {s.parentId && s.hasDiff && (
                  <Link href={s.id === story.trialId ? "#h-diff" : `${trialHref(s.id)}#h-diff`} data-testid="story-diff">
                    diff vs #{byId.get(s.parentId)?.seq ?? "parent"}
                  </Link>
                )}
              </div>
              <p className="story-hypothesis">{s.hypothesis ? <VisibleText text={s.hypothesis} /> : <span className="muted">(no hypothesis)</span>}</p>
            </div>
            <Siblings step={s} byId={byId} />
          </li>
        ))}
      </ol>
    </>
  );
}
