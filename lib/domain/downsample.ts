// Score-curve downsampling: a 100,000-trial run has more points than a chart has pixels, so the
// server sends at most `max` of them. What must survive: every new best (the frontier is drawn
// from them), the first and last trial, the spread of scores (per window of trials its lowest and
// highest score) and, on the failure lane, each failure label present in each window.
import type { Scored } from "./frontier";

type Plan = { buckets: number; kept: number[] };

function plan(points: readonly Scored[], mandatory: Uint8Array, buckets: number): Plan {
  const n = points.length;
  const kept: number[] = [];
  let b = 0;
  let lo = -1;
  let hi = -1;
  let labels = new Map<string, number>();
  const flush = () => {
    if (lo >= 0) kept.push(lo);
    if (hi >= 0 && hi !== lo) kept.push(hi);
    for (const i of labels.values()) kept.push(i);
    lo = hi = -1;
    labels = new Map();
  };
  for (let i = 0; i < n; i++) {
    const bucket = Math.floor((i * buckets) / n);
    if (bucket !== b) {
      flush();
      b = bucket;
    }
    if (mandatory[i]) {
      kept.push(i);
      continue;
    }
    const p = points[i];
    if (p.failure) {
      if (!labels.has(p.failure)) labels.set(p.failure, i);
    } else if (p.score !== null) {
      if (lo < 0 || p.score < points[lo].score!) lo = i;
      if (hi < 0 || p.score > points[hi].score!) hi = i;
    }
  }
  flush();
  return { buckets, kept };
}

/**
 * Indices (ascending) of the points to draw. `points` are in seq order and `newBest` marks the
 * frontier (see markNewBests). Never drops a new best, even in the pathological case of more new
 * bests than `max`; otherwise at most `max` indices.
 */
export function downsampleCurve(points: readonly Scored[], newBest: readonly boolean[], max: number): number[] {
  const n = points.length;
  if (n <= max) return points.map((_, i) => i);
  const mandatory = new Uint8Array(n);
  newBest.forEach((b, i) => b && (mandatory[i] = 1));
  mandatory[0] = 1;
  mandatory[n - 1] = 1;
  // Binary search for the finest windowing that fits: more windows keep more detail.
  let best: Plan = { buckets: 0, kept: [...mandatory.keys()].filter((i) => mandatory[i]) };
  let low = 1;
  let high = max;
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    const candidate = plan(points, mandatory, mid);
    if (candidate.kept.length <= max) {
      best = candidate;
      low = mid + 1;
    } else high = mid - 1;
  }
  return best.kept.sort((a, b) => a - b);
}
