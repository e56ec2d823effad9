// What a proposal may see of its run (built by lib/services/lineage-context.ts): the baseline, the
// current best and its lineage, the top kept trials, recent trials and the failure counts.
import type { FailureLabelName } from "./failures";

export type ViewTrial = {
  id: string;
  seq: number;
  agent: string | null;
  hypothesis: string;
  diff: string | null;
  score: number | null;
  metrics: Record<string, number> | null;
  failure: FailureLabelName | null;
  failureDetail: string | null;
  feedback: string | null;
  kept: boolean;
  isBest: boolean;
  delta: number | null;
  artifactBytes: number | null;
  move: string | null;
  parentIds: string[];
};

export type LineageView = {
  feedback: "lineage" | "none";
  trialCount: number;
  baseline: ViewTrial | null;
  best: ViewTrial | null;
  bestLineage: ViewTrial[];
  top: ViewTrial[];
  recent: ViewTrial[];
  labelCounts: Record<string, number>;
};
