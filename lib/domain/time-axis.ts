// A wall-clock axis people read: ticks at round durations (30 min, 4 h, 2 d), never raw seconds.

const MIN = 60;
const HOUR = 3600;
const DAY = 86400;
/** Steps a tick may fall on, smallest first. */
const STEPS = [
  1,
  2,
  5,
  10,
  15,
  30,
  MIN,
  2 * MIN,
  5 * MIN,
  10 * MIN,
  15 * MIN,
  30 * MIN,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
];

/** Round ticks from 0 to at least `maxSeconds`, about `target` of them. */
export function timeTicks(maxSeconds: number, target = 6): number[] {
  if (!Number.isFinite(maxSeconds) || maxSeconds <= 0) return [0];
  const step = STEPS.find((s) => maxSeconds / s <= target) ?? Math.ceil(maxSeconds / target / (30 * DAY)) * 30 * DAY;
  const ticks: number[] = [];
  for (let v = 0; v < maxSeconds + step; v += step) ticks.push(v);
  return ticks;
}

const trim = (n: number) => String(Number(n.toFixed(1)));

/** A duration in the largest unit that keeps it short: "45 s", "30 min", "4 h", "2 d", "1.5 h". */
export function formatTimeTick(seconds: number): string {
  if (!Number.isFinite(seconds)) return "—";
  const s = Math.abs(seconds);
  const sign = seconds < 0 ? "-" : "";
  if (s === 0) return "0";
  if (s < MIN) return `${sign}${trim(s)} s`;
  if (s < HOUR) return `${sign}${trim(s / MIN)} min`;
  if (s < DAY) return `${sign}${trim(s / HOUR)} h`;
  return `${sign}${trim(s / DAY)} d`;
}
