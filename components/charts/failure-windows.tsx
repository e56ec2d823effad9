"use client";
// Failure labels over time: per window of trials, how many failed with each label (stacked).
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { trialRange } from "@/lib/domain/plural";
import { failureColor } from "./palette";

export type FailureWindow = { from: number; to: number; evaluated: number; failures: Record<string, number> };

export function FailureWindows({ windows, labels }: { windows: FailureWindow[]; labels: string[] }) {
  const data = windows.map((w) => ({ window: trialRange(w.from, w.to), evaluated: w.evaluated, ...w.failures }));
  return (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart data={data} margin={{ top: 10, right: 20, bottom: 10, left: 10 }}>
        <CartesianGrid stroke="#eee" vertical={false} />
        <XAxis dataKey="window" tick={{ fontSize: 11 }} minTickGap={16} />
        <YAxis allowDecimals={false} width={40} label={{ value: "failed trials", angle: -90, position: "insideLeft", fontSize: 11 }} />
        <Tooltip isAnimationActive={false} />
        <Legend />
        {labels.map((l) => (
          <Bar key={l} dataKey={l} stackId="failures" fill={failureColor(l)} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
