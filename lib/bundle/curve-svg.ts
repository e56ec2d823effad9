// The run's score curve as a static SVG: scored trials as dots, the running best as a step line,
// failed trials as marks on a lane below, in the dashboard's colours and with its robust y range
// (outliers drawn as marks at the edge). Each mark links to its trial's page and says what it is.
import { robustRange } from "../domain/curve-view";
import { formatNumber, valueTicks } from "../domain/number-format";
import { failureColor } from "../domain/palette";
import { esc } from "./html";

export type CurvePoint = { seq: number; score: number | null; failure: string | null; newBest: boolean; hypothesis: string };

const W = 960;
const H = 320;
const PAD = { left: 64, right: 16, top: 12, bottom: 56 };
const LANE_Y = H - 24;

export function renderCurve(points: CurvePoint[], metricName: string, direction: "minimize" | "maximize", hrefOf: (seq: number) => string): string {
  const scored = points.filter((p) => p.score !== null && p.failure === null) as (CurvePoint & { score: number })[];
  if (points.length === 0) return '<p class="muted">No evaluated trials yet.</p>';
  const range = robustRange(
    scored.map((p) => p.score),
    scored.filter((p) => p.newBest).map((p) => p.score),
  ) ?? [0, 1];
  const { ticks, format } = valueTicks(range[0], range[1]);
  const [lo, hi] = ticks.length ? [Math.min(range[0], ticks[0]), Math.max(range[1], ticks.at(-1)!)] : range;
  const maxSeq = Math.max(...points.map((p) => p.seq), 1);
  const x = (seq: number) => PAD.left + ((seq - 1) / Math.max(1, maxSeq - 1)) * (W - PAD.left - PAD.right);
  const plotBottom = LANE_Y - 20;
  const y = (v: number) => PAD.top + (1 - (v - lo) / (hi - lo || 1)) * (plotBottom - PAD.top);

  const grid = ticks
    .filter((t) => t >= lo && t <= hi)
    .map(
      (t) =>
        `<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(t)}" y2="${y(t)}"/><text class="tick" x="${PAD.left - 6}" y="${y(t) + 4}" text-anchor="end">${esc(format(t))}</text>`,
    )
    .join("");
  const steps: string[] = [];
  for (const p of scored.filter((q) => q.newBest)) steps.push(steps.length ? `H${x(p.seq)} V${y(p.score)}` : `M${x(p.seq)},${y(p.score)}`);
  if (steps.length) steps.push(`H${x(maxSeq)}`);
  const dots = points
    .map((p) => {
      const title = `<title>#${p.seq} ${p.failure ? esc(p.failure) : esc(formatNumber(p.score))}: ${esc(p.hypothesis)}</title>`;
      if (p.failure !== null || p.score === null) {
        const fill = failureColor(p.failure ?? "");
        return `<a href="${esc(hrefOf(p.seq))}"><rect class="fail" x="${x(p.seq) - 2}" y="${LANE_Y - 5}" width="4" height="10" fill="${fill}">${title}</rect></a>`;
      }
      const outside = p.score < lo || p.score > hi;
      const cy = outside ? (p.score > hi ? PAD.top : plotBottom) : y(p.score);
      const cls = p.newBest ? "dot best" : outside ? "dot outlier" : "dot";
      return `<a href="${esc(hrefOf(p.seq))}"><circle class="${cls}" cx="${x(p.seq)}" cy="${cy}" r="${p.newBest ? 4 : 2.5}">${title}</circle></a>`;
    })
    .join("");
  const axis = `<text class="tick" x="${(W + PAD.left) / 2}" y="${H - 2}" text-anchor="middle">trial</text><text class="tick" x="${PAD.left - 6}" y="${LANE_Y + 4}" text-anchor="end">failed</text>`;
  const label = `${metricName} by trial (${direction === "minimize" ? "lower" : "higher"} is better); the line is the best so far`;
  return [
    `<figure class="curve"><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(label)}" data-testid="bundle-curve">`,
    grid,
    steps.length ? `<path class="best-line" d="${steps.join(" ")}"/>` : "",
    dots,
    axis,
    `</svg><figcaption class="muted">${esc(label)}. Scores outside the run's ordinary range are drawn at its edge.</figcaption></figure>`,
  ].join("\n");
}
