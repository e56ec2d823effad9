"use client";
// The score curve: one dot per evaluated trial, coloured by agent (on a canvas, canvas-dots.tsx),
// the best-so-far frontier as a step line and an optional running line through the scatter (both
// scaled-curve.tsx), and trials past the y range drawn as triangles on its edge. Pure: data, ranges
// and scale in by props, a click handed back to the caller.
import { useMemo, useRef, useState, type MouseEvent } from "react";
import { valueTicks } from "@/lib/domain/number-format";
import { CartesianGrid, ComposedChart, ResponsiveContainer, Scatter, XAxis, YAxis } from "recharts";
import { HypothesisText } from "@/components/ui/hypothesis-text";
import { VisibleText } from "@/components/ui/visible-text";
import { CanvasDots, DOT_RADIUS, type PlacedDot } from "./canvas-dots";
import { ScaledCurve } from "./scaled-curve";

/** hypothesis: null while it is still on its way (the page is first drawn without them) */
export type CurveDot = { id: string; x: number; score: number; seq: number; agent: string; hypothesis: string | null; newBest: boolean };
export type CurveSeries = { key: string; name: string; color: string; dots: CurveDot[] };
export type FrontierStep = { x: number; best: number };
/** A trial scored past the y range: drawn at `score` (the range's edge), its own score in `actual`. */
export type EdgeMark = CurveDot & { actual: number; side: "above" | "below" };
export type SmoothPoint = { x: number; smooth: number };

type Props = {
  series: CurveSeries[];
  frontier: FrontierStep[];
  outliers: EdgeMark[];
  smooth: SmoothPoint[] | null;
  xLabel: string;
  yLabel: string;
  formatX: (x: number) => string;
  formatY: (y: number) => string;
  domain: [number, number];
  yRange: [number, number];
  logScale: boolean;
  /** x values are whole numbers (trial seq): no ticks between them, so no two labels read alike */
  integerX?: boolean;
  onOpen: (trialId: string) => void;
};

/** The y axis's width: the failure lane's label column under the chart is as wide, so their x axes line up. */
export const Y_AXIS_WIDTH = 110;
/** The plot area's distance from the chart's left edge (margin + y axis) and from its right edge. */
export const PLOT_INSET = { left: 10 + Y_AXIS_WIDTH, right: 20 };

type Hover = { dot: CurveDot | EdgeMark; left: number; top: number };

/** How near the pointer must come to a dot, in pixels, to pick it. */
const PICK_RADIUS = DOT_RADIUS + 3;

/** The drawn dot nearest the pointer within PICK_RADIUS, or null; a triangle under the pointer is its own. */
function dotAt(e: MouseEvent<HTMLDivElement>, placed: PlacedDot<CurveDot>[]): PlacedDot<CurveDot> | null {
  if ((e.target as Element).closest?.('[data-testid="curve-outlier"]')) return null;
  const box = e.currentTarget.getBoundingClientRect();
  const mx = e.clientX - box.left;
  const my = e.clientY - box.top;
  let best: PlacedDot<CurveDot> | null = null;
  let bestD = PICK_RADIUS * PICK_RADIUS;
  for (const p of placed) {
    const d = (p.px - mx) ** 2 + (p.py - my) ** 2;
    if (d <= bestD) ((bestD = d), (best = p));
  }
  return best;
}

// Our own hover card (not recharts' Tooltip, which in a composed chart follows the x axis and
// would pick the frontier line): shows exactly the dot under the pointer.
function HoverCard({ hover, formatY }: { hover: Hover; formatY: (y: number) => string }) {
  const d = hover.dot;
  const edge = "actual" in d;
  return (
    <div className="hover-card floating" data-testid="curve-hover" style={{ left: hover.left, top: hover.top }}>
      <div>
        <strong>#{d.seq}</strong> · <VisibleText text={d.agent} /> · score {formatY(edge ? d.actual : d.score)}
        {d.newBest ? <span className="badge good"> new best</span> : null}
      </div>
      {edge ? <div className="muted">{d.side === "above" ? "above" : "below"} the range shown: drawn at its edge</div> : null}
      <div className="hover-hypothesis">
        <HypothesisText text={d.hypothesis} />
      </div>
    </div>
  );
}

/** A triangle on the range's edge, pointing the way the score lies. */
function EdgeTriangle(props: { cx?: number; cy?: number; fill?: string; payload?: EdgeMark }) {
  const { cx = 0, cy = 0, fill, payload } = props;
  // Inside the plot, its tip on the edge: a mark centred on the edge would be cut in half.
  const up = payload?.side !== "below";
  const d = up ? `M${cx},${cy + 1} L${cx + 6},${cy + 11} L${cx - 6},${cy + 11} Z` : `M${cx},${cy - 1} L${cx + 6},${cy - 11} L${cx - 6},${cy - 11} Z`;
  return <path d={d} fill={fill} stroke="#fff" strokeWidth={0.75} data-testid="curve-outlier" data-trial-id={payload?.id} />;
}

/** The hovered dot as the chart now holds it: its hypothesis may have come since the pointer reached it. */
function latestOf(d: CurveDot | EdgeMark, series: CurveSeries[], edges: EdgeMark[]): CurveDot | EdgeMark {
  if ("actual" in d) return edges.find((e) => e.id === d.id) ?? d;
  for (const s of series) {
    const found = s.dots.find((x) => x.id === d.id);
    if (found) return found;
  }
  return d;
}

/** Round ticks over the range; on a log scale only positive ones. */
function yAxisOf(range: [number, number], log: boolean) {
  const t = valueTicks(range[0], range[1]);
  const ticks = log ? t.ticks.filter((v) => v > 0) : t.ticks;
  if (ticks.length < 2) return { ticks: undefined, domain: range, format: t.format };
  return { ticks, domain: [Math.min(ticks[0], range[0]), Math.max(ticks.at(-1)!, range[1])] as [number, number], format: t.format };
}

export function ScoreCurve(p: Props) {
  const { series, frontier, outliers, smooth, xLabel, yLabel, formatX, formatY, domain, yRange, logScale, integerX = false, onOpen } = p;
  const [hover, setHover] = useState<Hover | null>(null);
  const placed = useRef<PlacedDot<CurveDot>[]>([]);
  // Our own round ticks: recharts' own, labelled by a score formatter, read 1.072246-style.
  const y = useMemo(() => yAxisOf(yRange, logScale), [yRange, logScale]);
  const frontierLine = useMemo(() => frontier.map((f) => ({ x: f.x, y: f.best })), [frontier]);
  const smoothLine = useMemo(() => smooth?.map((m) => ({ x: m.x, y: m.smooth })) ?? null, [smooth]);
  // Edge marks sit on the axis's own ends (the ticks may reach past the range).
  const edges = useMemo(() => outliers.map((o) => ({ ...o, score: o.side === "above" ? y.domain[1] : y.domain[0] })), [outliers, y.domain]);
  const enter = (item: { payload?: unknown; cx?: number; cy?: number }) =>
    (item.payload as CurveDot | undefined)?.id && setHover({ dot: item.payload as CurveDot, left: (item.cx ?? 0) + 12, top: (item.cy ?? 0) + 12 });
  return (
    <>
      {/* the y axis's name as text above the plot: rotated inside the SVG, a long one was cut ("lower is b") */}
      <p className="axis-caption" data-testid="curve-y-label">
        <VisibleText text={yLabel} />
      </p>
      <div
        className="chart-hover-area"
        onMouseLeave={() => setHover(null)}
        onMouseMove={(e) => {
          if ((e.target as Element).closest?.('[data-testid="curve-outlier"]')) return; // the triangle's own hover
          const p = dotAt(e, placed.current);
          e.currentTarget.style.cursor = p ? "pointer" : "";
          if (p) setHover((h) => (h?.dot === p.dot ? h : { dot: p.dot, left: p.px + 12, top: p.py + 12 }));
          else setHover((h) => (h && !("actual" in h.dot) ? null : h));
        }}
        onClick={(e) => {
          const p = dotAt(e, placed.current);
          if (p) onOpen(p.dot.id);
        }}
        data-y-min={y.domain[0]}
        data-y-max={y.domain[1]}
        data-y-scale={logScale ? "log" : "linear"}
      >
        <ResponsiveContainer width="100%" height={340}>
          <ComposedChart margin={{ top: 10, right: 20, bottom: 24, left: 10 }}>
            <CartesianGrid stroke="#eee" />
            <XAxis
              type="number"
              dataKey="x"
              domain={domain}
              allowDataOverflow
              tickFormatter={formatX}
              allowDecimals={!integerX}
              label={{ value: xLabel, position: "insideBottom", offset: -14 }}
              allowDuplicatedCategory={false}
            />
            <YAxis
              type="number"
              dataKey="score"
              scale={logScale ? "log" : "auto"}
              domain={y.domain}
              allowDataOverflow
              ticks={y.ticks}
              tickFormatter={y.format}
              width={Y_AXIS_WIDTH}
            />
            <CanvasDots layers={series} onPlaced={(p) => (placed.current = p)} />
            {edges.length > 0 && (
              <Scatter
                name="past the range"
                data={edges}
                fill="#5f6368"
                isAnimationActive={false}
                shape={<EdgeTriangle />}
                cursor="pointer"
                onClick={(item) => item.payload?.id && onOpen(item.payload.id)}
                onMouseEnter={enter}
                onMouseLeave={() => setHover(null)}
              />
            )}
            {smoothLine && <ScaledCurve points={smoothLine} type="monotone" stroke="#8a6d3b" strokeWidth={1.5} strokeDasharray="5 3" testId="curve-median" />}
            <ScaledCurve points={frontierLine} type="stepAfter" stroke="#1d1f21" strokeWidth={2} testId="curve-frontier" />
          </ComposedChart>
        </ResponsiveContainer>
        {hover ? <HoverCard hover={{ ...hover, dot: latestOf(hover.dot, series, edges) }} formatY={formatY} /> : null}
      </div>
    </>
  );
}
