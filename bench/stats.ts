// Summary statistics of repeated measurements: median and p95 by nearest rank.
export type Summary = { n: number; median: number; p95: number; min: number; max: number; mean: number };

function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export const median = (samples: readonly number[]) => percentile(samples, 50);

export function summarize(samples: readonly number[]): Summary {
  return {
    n: samples.length,
    median: round(median(samples)),
    p95: round(percentile(samples, 95)),
    min: round(Math.min(...samples)),
    max: round(Math.max(...samples)),
    mean: round(samples.reduce((a, b) => a + b, 0) / samples.length),
  };
}

/** Three decimals: enough for milliseconds, short in the JSON line. */
export const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
