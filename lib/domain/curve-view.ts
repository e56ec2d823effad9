// What a score curve shows when a few trials score far from the rest: a y range robust to them
// (Tukey's fences at 3 IQR, widened to keep every new best), and a running median that smooths a
// long run's scatter without being dragged by the same outliers.
import type { RunCurve, RunCurveOutline } from "./api-responses";

/** Value at quantile q (0…1) of sorted values, linearly interpolated. */
function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/** How far past the quartiles, in interquartile ranges, a score still counts as part of the run. */
export const FENCE_IQR = 3;

/**
 * The range [lo, hi] that holds the run's ordinary scores, or null when there are none. Scores
 * past Tukey's far fences (FENCE_IQR IQRs beyond the quartiles) are left out; `keep` (the new
 * bests) always stay in. With fewer than 8 scores, or no spread, every score is kept.
 */
export function robustRange(values: readonly number[], keep: readonly number[] = []): [number, number] | null {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return null;
  const sorted = [...finite].sort((a, b) => a - b);
  let lo = sorted[0];
  let hi = sorted[sorted.length - 1];
  if (sorted.length >= 8) {
    const q1 = quantile(sorted, 0.25);
    const q3 = quantile(sorted, 0.75);
    const iqr = q3 - q1;
    if (iqr > 0) {
      const inside = sorted.filter((v) => v >= q1 - FENCE_IQR * iqr && v <= q3 + FENCE_IQR * iqr);
      lo = inside[0];
      hi = inside[inside.length - 1];
    }
  }
  for (const k of keep) {
    if (!Number.isFinite(k)) continue;
    lo = Math.min(lo, k);
    hi = Math.max(hi, k);
  }
  return [lo, hi];
}

/** The median of each point's trailing window of `window` values (fewer at the start). */
export function runningMedian(values: readonly number[], window: number): number[] {
  const w = Math.max(1, Math.floor(window));
  return values.map((_, i) => {
    const slice = values.slice(Math.max(0, i - w + 1), i + 1).sort((a, b) => a - b);
    return quantile(slice, 0.5);
  });
}

/** The running line's window for a run of `n` points: about a thirtieth of the run, at least 5. */
export const smoothingWindow = (n: number) => Math.max(5, Math.round(n / 30));

/** Runs of at least this many scored points are drawn with their running line unless asked otherwise. */
export const SMOOTH_BY_DEFAULT_FROM = 60;

/** The curve without its hypotheses: what the run page is first drawn from (RunCurveOutline). */
export function curveOutline(curve: RunCurve): RunCurveOutline {
  return { ...curve, points: curve.points.map((p) => ({ ...p, hypothesis: null })) };
}
