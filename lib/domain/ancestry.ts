// How a step of a trial's ancestry reads against its parent: better, worse, or a gain within the
// task's noise floor (the audit's own rule, so the story and the audit never disagree).
import { withinNoise } from "./audit/findings";
import type { MetricDirection } from "./trace";

export type StepReading = "better" | "worse" | "within_noise" | "unchanged" | "none";

export function readStepDelta(delta: number | null, task: { direction: MetricDirection; noiseFloor: number | null }): StepReading {
  if (delta === null) return "none";
  const gain = task.direction === "minimize" ? -delta : delta;
  if (gain === 0) return "unchanged";
  if (gain < 0) return "worse";
  // withinNoise looks at keeps only: every gaining step is asked as if kept, the question is the same
  return withinNoise({ kept: true, isBest: false, deltaVsParent: delta }, task) ? "within_noise" : "better";
}
