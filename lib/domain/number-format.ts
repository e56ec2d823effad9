// The one number formatter of the product: numbers as people read them. Integers grouped
// (16,000,000, never 1.600e+7), fractions to enough significant digits to tell neighbours apart
// and no more (float noise such as 0.00004099999999995774 reads 0.000041), one way of writing a
// change (+0.0012 / −0.0012), and sizes in binary units named as such (MiB, not "MB").

const MINUS = "−";
/** Significant digits when the caller has no run to measure: enough for 1.072246 vs 1.072251. */
export const DEFAULT_DIGITS = 7;

const grouped = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });

/** A plain number: grouped when whole, `digits` significant digits otherwise, never an exponent in everyday ranges. */
export function formatNumber(v: number | null | undefined, digits = DEFAULT_DIGITS): string {
  if (v === null || v === undefined) return "—";
  if (!Number.isFinite(v)) return String(v);
  if (!Number.isInteger(digits) || digits < 1 || digits > 17) digits = DEFAULT_DIGITS; // e.g. a chart's tick index
  if (Number.isInteger(v)) return v < 0 ? `${MINUS}${grouped(-v)}` : grouped(v);
  const rounded = Number(v.toPrecision(digits));
  const abs = Math.abs(rounded);
  const sign = rounded < 0 ? MINUS : "";
  if (abs >= 1e15 || abs < 1e-9) return `${sign}${abs.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, "e")}`;
  // decimals: as many as the significant digits need, trailing zeros dropped
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
  const [int, frac = ""] = abs.toFixed(Math.min(decimals, 20)).split(".");
  const tail = frac.replace(/0+$/, "");
  return `${sign}${grouped(Number(int))}${tail ? `.${tail}` : ""}`;
}

/** A change, signed the same way everywhere: +x, −x, or ±0. */
export function formatDelta(v: number | null | undefined, digits = DEFAULT_DIGITS): string {
  if (v === null || v === undefined) return "—";
  if (v === 0) return "±0";
  return `${v > 0 ? "+" : MINUS}${formatNumber(Math.abs(v), digits)}`;
}

/**
 * The fewest significant digits (4 to 12) at which a run's distinct scores stay distinct, so two
 * neighbours never print the same (1.072246 and 1.072251 need 7).
 */
export function distinguishingDigits(values: Iterable<number | null | undefined>): number {
  const distinct = [...new Set([...values].filter((v): v is number => typeof v === "number" && Number.isFinite(v)))].sort((a, b) => a - b);
  // Two scores print alike exactly when their values rounded as formatNumber rounds them are equal;
  // comparing those numbers, not the formatted strings, keeps 100k scores to milliseconds.
  const printed = (v: number, d: number) => (Number.isInteger(v) ? v : Number(v.toPrecision(d)));
  for (let d = 4; d < 12; d++) {
    if (distinct.every((v, i) => i === 0 || printed(v, d) !== printed(distinct[i - 1], d))) return d;
  }
  return 12;
}

const UNITS = ["KiB", "MiB", "GiB", "TiB"];

/** Bytes exactly and grouped, with the binary size beside them past 1 KiB: "16,005,982 bytes (15.26 MiB)". */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return "—";
  const exact = `${grouped(n)} byte${n === 1 ? "" : "s"}`;
  if (n < 1024) return exact;
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < UNITS.length - 1) ((v /= 1024), i++);
  return `${exact} (${Number(v.toFixed(2))} ${UNITS[i]})`;
}

/**
 * Round ticks for a value axis from `min` to `max` (about `target` of them) and their labels, all
 * at the decimals the step needs and no more: 1.0722, 1.0724, … instead of 1.072246-style labels.
 */
export function valueTicks(min: number, max: number, target = 5): { ticks: number[]; format: (v: number) => string } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { ticks: [], format: (v) => formatNumber(v) };
  if (min > max) [min, max] = [max, min];
  if (min === max) {
    const pad = Math.abs(min) * 0.01 || 1;
    ((min -= pad), (max += pad));
  }
  const raw = (max - min) / Math.max(1, target);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const round = (v: number) => Number(v.toFixed(Math.min(decimals, 20)));
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(round(i * step));
  const format = (v: number) => {
    if (!Number.isFinite(v)) return String(v);
    const [int, frac] = Math.abs(v).toFixed(Math.min(decimals, 20)).split(".");
    const body = `${grouped(Number(int))}${frac ? `.${frac}` : ""}`;
    return Number(v.toFixed(Math.min(decimals, 20))) < 0 ? `${MINUS}${body}` : body;
  };
  return { ticks, format };
}
