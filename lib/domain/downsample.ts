// Score-curve downsampling: a 100,000-trial run has more points than a chart has pixels, so the
// server sends at most `max` of them. What must survive: every new best (the frontier is drawn
// from them), the first and last trial, the spread of scores (per window of trials its lowest and
// highest score) and, on the failure lane, each failure label present in each window. Only a run
// with more new bests than `max` (a million trials improving in small steps) loses some: then each
// window of trials keeps its first and last new best, so the frontier is exact at every window's end.
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

/** Per window of trials, its first and last new best, and the first and last trial: at most `max` of them, the finest windowing that fits. */
function thinnedBests(n: number, newBest: readonly boolean[], max: number): number[] {
  const pick = (buckets: number) => {
    const kept = new Set([0, n - 1]);
    let bucket = -1;
    let last = -1;
    for (let i = 0; i < n; i++) {
      if (!newBest[i]) continue;
      const b = Math.floor((i * buckets) / n);
      if (b !== bucket) {
        if (last >= 0) kept.add(last);
        kept.add(i);
        bucket = b;
      }
      last = i;
    }
    if (last >= 0) kept.add(last);
    return [...kept];
  };
  let best = pick(1);
  for (let low = 2, high = max; low <= high;) {
    const mid = Math.floor((low + high) / 2);
    const candidate = pick(mid);
    if (candidate.length <= max) {
      best = candidate;
      low = mid + 1;
    } else high = mid - 1;
  }
  return best.sort((a, b) => a - b);
}

/**
 * Indices (ascending) of the points to draw, at most `max` (and at least the ends and each window's
 * first and last new best when max < 4). `points` are in seq order and `newBest` marks the frontier
 * (see markNewBests). Every new best is kept unless they alone exceed `max`.
 */
export function downsampleCurve(points: readonly Scored[], newBest: readonly boolean[], max: number): number[] {
  const n = points.length;
  if (n <= max) return points.map((_, i) => i);
  const mandatory = new Uint8Array(n);
  newBest.forEach((b, i) => b && (mandatory[i] = 1));
  mandatory[0] = 1;
  mandatory[n - 1] = 1;
  if (mandatory.reduce((a, b) => a + b, 0) > max) return thinnedBests(n, newBest, max);
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
