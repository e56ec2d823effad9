// What a recorded trial hands forward to the next proposals (its `feedback`): the failure and its
// reason, or the score, the change against the parent, the artifact size and whether it was kept.
import type { FailureLabelName } from "./failures";

export type FeedbackOutcome = { score?: number; failure?: FailureLabelName; failureDetail?: string; artifactBytes?: number };

export function trialFeedback(o: FeedbackOutcome, metric: string, parentScore: number | null | undefined, kept: boolean): string {
  if (o.failure) return `${o.failure}: ${o.failureDetail ?? ""}`;
  const d = parentScore != null && o.score != null ? o.score - parentScore : undefined;
  const delta = d !== undefined ? `, Δ=${d > 0 ? "+" : ""}${Number(d.toFixed(6))} vs parent` : "";
  return `${metric}=${Number(o.score!.toFixed(6))}${delta}${o.artifactBytes != null ? `, artifact ${o.artifactBytes} bytes` : ""}${kept ? "; new best, kept" : "; discarded"}`;
}
