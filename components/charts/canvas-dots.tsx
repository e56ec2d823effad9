"use client";
// The score curve's dots on one canvas in the chart's plot area. Some 2,000 SVG dots, each a
// React element with its own handlers, were most of the run page's drawing time (bench P6); a
// canvas draws them in a few milliseconds. Placed with recharts' own scales, so they sit exactly on
// its axes; the canvas takes no pointer events (the triangles under it keep theirs): the caller
// hit-tests with the placed dots it is handed.
import { useLayoutEffect, useRef } from "react";
import { usePlotArea, useXAxisScale, useYAxisScale } from "recharts";

export type DotLike = { x: number; score: number; newBest: boolean };
export type DotLayer<T extends DotLike> = { color: string; dots: T[] };
/** A dot where it was drawn, in the chart's pixels (the SVG's own coordinates). */
export type PlacedDot<T> = { px: number; py: number; dot: T };

/** recharts' default scatter symbol (area 64) has this radius. */
export const DOT_RADIUS = 4.5;

export function CanvasDots<T extends DotLike>({ layers, onPlaced }: { layers: DotLayer<T>[]; onPlaced: (placed: PlacedDot<T>[]) => void }) {
  const plot = usePlotArea();
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const canvas = useRef<HTMLCanvasElement>(null);

  // Every render: the scales are new functions each time, and a redraw is a few milliseconds.
  useLayoutEffect(() => {
    const el = canvas.current;
    if (!el || !plot || !xScale || !yScale) return;
    const ratio = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(plot.width * ratio));
    const h = Math.max(1, Math.round(plot.height * ratio));
    if (el.width !== w) el.width = w;
    if (el.height !== h) el.height = h;
    const ctx = el.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, plot.width, plot.height);
    const placed: PlacedDot<T>[] = [];
    const bests: { x: number; y: number }[] = [];
    const r = DOT_RADIUS;
    for (const layer of layers) {
      ctx.fillStyle = layer.color;
      ctx.beginPath();
      for (const d of layer.dots) {
        const px = Number(xScale(d.x));
        const py = Number(yScale(d.score));
        if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
        const x = px - plot.x;
        const y = py - plot.y;
        if (x < -r || x > plot.width + r || y < -r || y > plot.height + r) continue; // outside a zoomed window
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI);
        placed.push({ px, py, dot: d });
        if (d.newBest) bests.push({ x, y });
      }
      ctx.fill();
    }
    // New bests ringed, so the steps of the frontier show which trial made them.
    ctx.strokeStyle = "#1d1f21";
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (const b of bests) {
      ctx.moveTo(b.x + r + 1.5, b.y);
      ctx.arc(b.x, b.y, r + 1.5, 0, 2 * Math.PI);
    }
    ctx.stroke();
    el.dataset.dots = String(placed.length);
    onPlaced(placed);
  });

  if (!plot) return null;
  return (
    <foreignObject x={plot.x} y={plot.y} width={plot.width} height={plot.height} pointerEvents="none">
      <canvas ref={canvas} data-testid="curve-dots" style={{ display: "block", width: plot.width, height: plot.height, pointerEvents: "none" }} />
    </foreignObject>
  );
}
