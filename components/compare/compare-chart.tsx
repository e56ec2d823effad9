"use client";
// Best-so-far curves of several runs, each as % improvement over its own baseline. Pure: series in
// by props, nothing fetched. Names reach the SVG as React text, never as markup. A run that cannot
// be drawn is named under the chart with the reason, never silently left out.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatTimeTick, timeTicks } from "@/lib/domain/time-axis";
import { VisibleText, revealBidi } from "@/components/ui/visible-text";

export type CompareSeries = { id: string; name: string; colour: string; points: { x: number; pct: number }[]; whyNot: string | null };
export type CompareAxis = "trials" | "time";

const fmtPct = (v: number) => `${v > 0 ? "+" : ""}${v.toFixed(2)}%`;

function Undrawn({ series }: { series: CompareSeries[] }) {
  if (series.length === 0) return null;
  return (
    <ul className="muted" data-testid="compare-undrawn">
      {series.map((s) => (
        <li key={s.id} data-run={s.id}>
          <span style={{ color: s.colour }}>■</span> <VisibleText text={s.name} /> is not drawn: {s.whyNot}
        </li>
      ))}
    </ul>
  );
}

export function CompareChart({ series, axis }: { series: CompareSeries[]; axis: CompareAxis }) {
  const drawable = series.filter((s) => s.whyNot === null && s.points.length > 0);
  const undrawn = series.filter((s) => !drawable.includes(s)).map((s) => ({ ...s, whyNot: s.whyNot ?? "no point to draw" }));
  if (drawable.length === 0) {
    return (
      <>
        <p className="muted">No run here can be drawn along this axis yet.</p>
        <Undrawn series={undrawn} />
      </>
    );
  }
  const maxX = Math.max(...drawable.flatMap((s) => s.points.map((p) => p.x)));
  const time = axis === "time";
  const xLabel = time ? "wall-clock since the run's first trial" : "trials";
  const ticks = time ? timeTicks(maxX) : undefined;
  return (
    <>
      <div
        className="compare-chart"
        data-testid="compare-chart"
        data-drawn={drawable.length}
        role="img"
        aria-label={`Best-so-far improvement over each run's baseline, by ${xLabel}`}
      >
        <ResponsiveContainer width="100%" height={340}>
          <LineChart margin={{ top: 10, right: 24, bottom: 24, left: 8 }}>
            <CartesianGrid stroke="#eee" />
            <XAxis
              type="number"
              dataKey="x"
              domain={time ? [0, ticks!.at(-1)!] : [0, "dataMax"]}
              ticks={ticks}
              tickFormatter={time ? formatTimeTick : undefined}
              allowDecimals={false}
              label={{ value: xLabel, position: "insideBottom", offset: -12 }}
            />
            <YAxis tickFormatter={fmtPct} width={72} />
            <Tooltip formatter={(v) => fmtPct(Number(v))} labelFormatter={(x) => (time ? `after ${formatTimeTick(Number(x))}` : `trial ${x}`)} />
            <Legend verticalAlign="top" />
            {drawable.map((s) => (
              <Line
                key={s.id}
                data={s.points}
                dataKey="pct"
                name={revealBidi(s.name)}
                type="stepAfter"
                stroke={s.colour}
                strokeWidth={2}
                dot={{ r: 3 }}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <Undrawn series={undrawn} />
    </>
  );
}
