"use client";
// The score curve: one dot per evaluated trial, coloured by agent, and the best-so-far frontier
// as a step line. Pure: data in by props, a click handed back to the caller.
import { useMemo, useState } from "react";
import { valueTicks } from "@/lib/domain/number-format";
import { CartesianGrid, ComposedChart, Line, ResponsiveContainer, Scatter, XAxis, YAxis } from "recharts";
import { VisibleText } from "@/components/ui/visible-text";

export type CurveDot = { id: string; x: number; score: number; seq: number; agent: string; hypothesis: string; newBest: boolean };
export type CurveSeries = { key: string; name: string; color: string; dots: CurveDot[] };
export type FrontierStep = { x: number; best: number };

type Props = {
  series: CurveSeries[];
  frontier: FrontierStep[];
  xLabel: string;
  yLabel: string;
  formatX: (x: number) => string;
  formatY: (y: number) => string;
  domain: [number, number];
  /** x values are whole numbers (trial seq): no ticks between them, so no two labels read alike */
  integerX?: boolean;
  onOpen: (trialId: string) => void;
};

type Hover = { dot: CurveDot; left: number; top: number };

// Our own hover card (not recharts' Tooltip, which in a composed chart follows the x axis and
// would pick the frontier line): shows exactly the dot under the pointer.
function HoverCard({ hover, formatY }: { hover: Hover; formatY: (y: number) => string }) {
  const d = hover.dot;
  return (
    <div className="hover-card floating" data-testid="curve-hover" style={{ left: hover.left, top: hover.top }}>
      <div>
        <strong>#{d.seq}</strong> · <VisibleText text={d.agent} /> · score {formatY(d.score)}
        {d.newBest ? <span className="badge good"> new best</span> : null}
      </div>
      <div className="hover-hypothesis">
        <VisibleText text={d.hypothesis || "(no hypothesis)"} />
      </div>
    </div>
  );
}

export function ScoreCurve({ series, frontier, xLabel, yLabel, formatX, formatY, domain, integerX = false, onOpen }: Props) {
  const [hover, setHover] = useState<Hover | null>(null);
  // Our own round ticks: recharts' own, labelled by a score formatter, read 1.072246-style.
  const y = useMemo(() => {
    const scores = series.flatMap((s) => s.dots.map((d) => d.score));
    return valueTicks(Math.min(...scores), Math.max(...scores));
  }, [series]);
  return (
    <>
      {/* the y axis's name as text above the plot: rotated inside the SVG, a long one was cut ("lower is b") */}
      <p className="axis-caption" data-testid="curve-y-label">
        <VisibleText text={yLabel} />
      </p>
      <div className="chart-hover-area" onMouseLeave={() => setHover(null)}>
        <ResponsiveContainer width="100%" height={340}>
          <ComposedChart margin={{ top: 10, right: 20, bottom: 24, left: 10 }}>
            <CartesianGrid stroke="#eee" />
            <XAxis
              type="number"
              dataKey="x"
              domain={domain}
              tickFormatter={formatX}
              allowDecimals={!integerX}
              label={{ value: xLabel, position: "insideBottom", offset: -14 }}
              allowDuplicatedCategory={false}
            />
            <YAxis
              type="number"
              dataKey="score"
              domain={y.ticks.length ? [y.ticks[0], y.ticks.at(-1)!] : ["auto", "auto"]}
              ticks={y.ticks.length ? y.ticks : undefined}
              tickFormatter={y.format}
              width={70}
            />
            {series.map((s) => (
              <Scatter
                key={s.key}
                name={s.name}
                data={s.dots}
                fill={s.color}
                isAnimationActive={false}
                shape="circle"
                cursor="pointer"
                onClick={(item) => item.payload?.id && onOpen(item.payload.id)}
                onMouseEnter={(item) => item.payload?.id && setHover({ dot: item.payload as CurveDot, left: (item.cx ?? 0) + 12, top: (item.cy ?? 0) + 12 })}
                onMouseLeave={() => setHover(null)}
              />
            ))}
            <Line
              data={frontier}
              dataKey="best"
              type="stepAfter"
              stroke="#1d1f21"
              strokeWidth={2}
              dot={false}
              activeDot={false}
              isAnimationActive={false}
              name="best so far"
            />
          </ComposedChart>
        </ResponsiveContainer>
        {hover ? <HoverCard hover={hover} formatY={formatY} /> : null}
      </div>
    </>
  );
}
