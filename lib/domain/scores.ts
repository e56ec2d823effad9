import type { MetricDirection } from "./trace";

/** Whether `candidate` beats `incumbent` in the metric's direction; anything beats no score. */
export function isBetter(candidate: number, incumbent: number | null | undefined, direction: MetricDirection): boolean {
  if (incumbent == null) return true;
  return direction === "minimize" ? candidate < incumbent : candidate > incumbent;
}

/** Improvement of `best` over `baseline` in percent, positive when the run got better. */
export function improvementPct(baseline: number | null | undefined, best: number | null | undefined, direction: MetricDirection): number | null {
  if (baseline == null || best == null || baseline === 0) return null;
  const gain = direction === "minimize" ? baseline - best : best - baseline;
  return (gain / Math.abs(baseline)) * 100;
}
