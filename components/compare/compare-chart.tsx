"use client";
// Best-so-far curves of several runs, each as % improvement over its own baseline. Pure: series in
// by props, nothing fetched. Names reach the SVG as React text, never as markup.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { revealBidi } from "@/components/ui/visible-text";

export type CompareSeries = { id: string; name: string; colour: string; points: { x: number; pct: number }[] };

const fmtPct = (v: number) => `${v > 0 ? "+" : ""}${v.toFixed(2)}%`;

export function CompareChart({ series, xLabel }: { series: CompareSeries[]; xLabel: string }) {
  const drawable = series.filter((s) => s.points.length > 0);
  if (drawable.length === 0) return <p className="muted">No run here has a measured baseline and a scored trial yet, so there is no curve to draw.</p>;
  return (
    <div className="compare-chart" data-testid="compare-chart" role="img" aria-label={`Best-so-far improvement over each run's baseline, by ${xLabel}`}>
      <ResponsiveContainer width="100%" height={340}>
        <LineChart margin={{ top: 10, right: 24, bottom: 24, left: 8 }}>
          <CartesianGrid stroke="#eee" />
          <XAxis type="number" dataKey="x" domain={[0, "dataMax"]} allowDecimals={false} label={{ value: xLabel, position: "insideBottom", offset: -12 }} />
          <YAxis tickFormatter={fmtPct} width={72} />
          <Tooltip formatter={(v) => fmtPct(Number(v))} labelFormatter={(x) => `${xLabel} ${x}`} />
          <Legend verticalAlign="top" />
          {drawable.map((s) => (
            <Line key={s.id} data={s.points} dataKey="pct" name={revealBidi(s.name)} type="stepAfter" stroke={s.colour} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
