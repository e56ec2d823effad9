// The wall-clock axis of a score curve: seconds since the run's first trial started.
export type Timed = { startedAt: string | null; finishedAt: string | null; wallclockSeconds: number | null };

const stampOf = (t: Timed) => Date.parse(t.finishedAt ?? t.startedAt ?? "");

/**
 * Seconds since the start for each trial (in seq order), or null when the trials cannot place
 * themselves in time. Timestamps win when every trial has one (parallel agents overlap, so only
 * real times are honest); else the evaluators' wall-clock seconds are summed as if run one by one;
 * else, when some trials carry timestamps (imports: placeholder parents and rows recovered from
 * malformed lines have none), a trial without one sits at the time of the trial before it.
 */
export function elapsedSeconds(trials: readonly Timed[]): number[] | null {
  if (trials.length === 0) return [];
  const stamps = trials.map(stampOf);
  if (stamps.every(Number.isFinite)) return sinceStart(trials, stamps);
  if (trials.every((t) => t.wallclockSeconds !== null)) {
    let sum = 0;
    return trials.map((t) => (sum += t.wallclockSeconds!));
  }
  const known = stamps.filter(Number.isFinite);
  if (new Set(known).size < 2) return null;
  let previous = known[0];
  const filled = stamps.map((s) => (Number.isFinite(s) ? (previous = s) : previous));
  return sinceStart(trials, filled);
}

/** How many trials `elapsedSeconds` placed at a neighbour's time because they carry none of their own. */
export function untimedCount(trials: readonly Timed[]): number {
  if (trials.every((t) => Number.isFinite(stampOf(t))) || trials.every((t) => t.wallclockSeconds !== null)) return 0;
  return trials.filter((t) => !Number.isFinite(stampOf(t))).length;
}

function sinceStart(trials: readonly Timed[], stamps: number[]): number[] {
  let start = Infinity;
  trials.forEach((t, i) => {
    const s = t.startedAt ? Date.parse(t.startedAt) : stamps[i];
    start = Math.min(start, Number.isFinite(s) ? s : stamps[i]);
  });
  return stamps.map((s) => (s - start) / 1000);
}

/**
 * Evaluation time: each trial's evaluator seconds summed in seq order (queue waits left out, as if
 * the trials ran one by one), or null when some trial has no evaluator seconds.
 */
export function evaluationSeconds(trials: readonly Pick<Timed, "wallclockSeconds">[]): number[] | null {
  if (!trials.every((t) => t.wallclockSeconds !== null)) return null;
  let sum = 0;
  return trials.map((t) => (sum += t.wallclockSeconds!));
}
