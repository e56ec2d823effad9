"use client";
// A line through the chart's own scales, drawn as one path and clipped to the plot area: the score
// curve's best-so-far frontier and running median. As recharts <Line>s every point went through
// its per-datum machinery first, about 40 ms of a 100k run's first draw (bench P6: 1,211 frontier
// steps and 2,000 median points); recharts' <Curve> draws the same path from placed points.
import { useId } from "react";
import { Curve, usePlotArea, useXAxisScale, useYAxisScale } from "recharts";

type Props = {
  points: { x: number; y: number }[];
  type: "stepAfter" | "monotone";
  stroke: string;
  strokeWidth: number;
  strokeDasharray?: string;
  testId: string;
};

export function ScaledCurve({ points, type, testId, ...stroke }: Props) {
  const plot = usePlotArea();
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const clip = `clip${useId().replace(/[^a-zA-Z0-9_-]/g, "_")}`;
  if (!plot || !xScale || !yScale) return null;
  const placed: { x: number; y: number }[] = [];
  for (const p of points) {
    const x = Number(xScale(p.x));
    const y = Number(yScale(p.y));
    if (Number.isFinite(x) && Number.isFinite(y)) placed.push({ x, y });
  }
  return (
    <g data-testid={testId} pointerEvents="none">
      <defs>
        <clipPath id={clip}>
          <rect x={plot.x} y={plot.y} width={plot.width} height={plot.height} />
        </clipPath>
      </defs>
      <Curve type={type} points={placed} fill="none" {...stroke} clipPath={`url(#${clip})`} />
    </g>
  );
}
