"use client";
// Which kinds of edit pay off, drawn: the gain each group brought per window of proposals (stacked),
// and each agent's expected Δ against the Δ it measured (on the diagonal, a perfect forecast).
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { formatDelta, formatNumber } from "@/lib/domain/number-format";
import { trialRange } from "@/lib/domain/plural";
import type { Prediction, WindowPayoff } from "@/lib/domain/payoff";
import { agentColor } from "@/components/charts/palette";

export function GainWindows({ windows, keys, metric }: { windows: WindowPayoff[]; keys: string[]; metric: string }) {
  // keys are trace text: a function dataKey, since a string one would read "a.b" as a path
  const data = windows.map((w) => ({ window: trialRange(w.fromSeq, w.toSeq), gains: w.gains }));
  return (
    <div data-testid="payoff-gain-chart">
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} margin={{ top: 10, right: 20, bottom: 10, left: 10 }}>
          <CartesianGrid stroke="#eee" vertical={false} />
          <XAxis dataKey="window" tick={{ fontSize: 11 }} minTickGap={16} />
          <YAxis
            width={64}
            tickFormatter={(v: number) => formatNumber(v, 3)}
            label={{ value: `gain in ${metric}`, angle: -90, position: "insideLeft", fontSize: 11 }}
          />
          <Tooltip isAnimationActive={false} formatter={(v) => formatNumber(Number(v), 4)} />
          <Legend />
          {keys.map((k, i) => (
            <Bar
              key={k}
              name={k}
              dataKey={(d: { gains: Record<string, number> }) => d.gains[k]}
              stackId="gain"
              fill={agentColor(i)}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function PredictionScatter({ predictions }: { predictions: Prediction[] }) {
  const agents = [...new Set(predictions.map((p) => p.agent))];
  const values = predictions.flatMap((p) => [p.expected, p.measured]);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return (
    <div data-testid="payoff-prediction-chart">
      <ResponsiveContainer width="100%" height={300}>
        <ScatterChart margin={{ top: 10, right: 20, bottom: 20, left: 10 }}>
          <CartesianGrid stroke="#eee" />
          <XAxis
            type="number"
            dataKey="expected"
            name="expected Δ"
            domain={["auto", "auto"]}
            tickFormatter={(v: number) => formatDelta(v, 3)}
            label={{ value: "expected Δ", position: "insideBottom", offset: -10, fontSize: 11 }}
          />
          <YAxis
            type="number"
            dataKey="measured"
            name="measured Δ"
            domain={["auto", "auto"]}
            width={64}
            tickFormatter={(v: number) => formatDelta(v, 3)}
            label={{ value: "measured Δ", angle: -90, position: "insideLeft", fontSize: 11 }}
          />
          <ReferenceLine
            segment={[
              { x: lo, y: lo },
              { x: hi, y: hi },
            ]}
            stroke="#999"
            strokeDasharray="4 4"
            ifOverflow="extendDomain"
          />
          <Tooltip isAnimationActive={false} formatter={(v) => formatDelta(Number(v), 4)} />
          <Legend verticalAlign="top" />
          {agents.map((a, i) => (
            <Scatter key={a} name={a} data={predictions.filter((p) => p.agent === a)} fill={agentColor(i)} isAnimationActive={false} />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
