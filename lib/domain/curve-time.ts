// The wall-clock axis of a score curve: seconds since the run's first trial started.
export type Timed = { startedAt: string | null; finishedAt: string | null; wallclockSeconds: number | null };

/**
 * Seconds since the start for each trial (in seq order), or null when the trials cannot place
 * themselves in time. Timestamps win when every trial has one (parallel agents overlap, so only
 * real times are honest); else the evaluators' wall-clock seconds are summed as if run one by one.
 */
export function elapsedSeconds(trials: readonly Timed[]): number[] | null {
  if (trials.length === 0) return [];
  const stamps = trials.map((t) => Date.parse(t.finishedAt ?? t.startedAt ?? ""));
  if (stamps.every(Number.isFinite)) {
    let start = Infinity;
    trials.forEach((t, i) => {
      const s = t.startedAt ? Date.parse(t.startedAt) : stamps[i];
      start = Math.min(start, Number.isFinite(s) ? s : stamps[i]);
    });
    return stamps.map((s) => (s - start) / 1000);
  }
  if (trials.every((t) => t.wallclockSeconds !== null)) {
    let sum = 0;
    return trials.map((t) => (sum += t.wallclockSeconds!));
  }
  return null;
}
