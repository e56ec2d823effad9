"use client";
// A brush under a chart: the whole run in miniature, with the window shown on the chart marked.
// Drag across it to zoom the chart to that stretch; a click outside the window, or Reset, shows
// everything again. Pure: the window in and out by props, in x units.
import { useMemo, useRef, useState, type PointerEvent } from "react";
import "./curve.css";

export type BrushDot = { x: number; y: number };

type Props = {
  /** the x extent of the whole run */
  extent: [number, number];
  /** the zoomed window, or null for all of it */
  window: [number, number] | null;
  /** points of the overview, y already scaled to 0 (bottom) … 1 (top) */
  dots: BrushDot[];
  formatX: (x: number) => string;
  onChange: (window: [number, number] | null) => void;
  /** the chart's plot area starts this far from its left edge and ends this far from its right one */
  inset: { left: number; right: number };
};

const W = 1000;
const H = 40;

export function XBrush({ extent, window: win, dots, formatX, onChange, inset }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const span = extent[1] - extent[0] || 1;
  const toX = (clientX: number) => {
    const r = box.current!.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (clientX - r.left) / r.width));
    return extent[0] + f * span;
  };
  const px = (x: number) => ((x - extent[0]) / span) * W;
  const overviewPath = useMemo(
    () => dots.map((d) => `M${(((d.x - extent[0]) / span) * W - 1.5).toFixed(1)} ${((1 - d.y) * (H - 6) + 1).toFixed(1)}h3v3h-3z`).join(""),
    [dots, extent, span],
  );
  const onDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const x = toX(e.clientX);
    setDrag({ from: x, to: x });
  };
  const onMove = (e: PointerEvent<HTMLDivElement>) => drag && setDrag({ ...drag, to: toX(e.clientX) });
  const onUp = () => {
    if (!drag) return;
    const lo = Math.min(drag.from, drag.to);
    const hi = Math.max(drag.from, drag.to);
    setDrag(null);
    // A click (no real drag) clears the zoom; a drag zooms to what it covered.
    onChange(hi - lo < span * 0.01 ? null : [lo, hi]);
  };
  const shown = drag ? [Math.min(drag.from, drag.to), Math.max(drag.from, drag.to)] : win;
  return (
    <div className="x-brush" style={{ marginLeft: inset.left, marginRight: inset.right }}>
      <div
        ref={box}
        className="x-brush-track"
        data-testid="curve-brush"
        aria-label="Zoom the curve: drag across a stretch of the run"
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={() => setDrag(null)}
      >
        <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" width="100%" height={H} aria-hidden="true">
          {/* one path for every dot: a rect each was 2,000 elements to render on a long run */}
          <path d={overviewPath} fill="#9aa3b5" />
          {shown && (
            <>
              <rect x={0} y={0} width={Math.max(0, px(shown[0]))} height={H} fill="rgba(0,0,0,0.08)" />
              <rect x={px(shown[1])} y={0} width={Math.max(0, W - px(shown[1]))} height={H} fill="rgba(0,0,0,0.08)" />
              <rect
                x={px(shown[0])}
                y={0.5}
                width={Math.max(1, px(shown[1]) - px(shown[0]))}
                height={H - 1}
                fill="none"
                stroke="#2458c6"
                strokeWidth={1.5}
                vectorEffect="non-scaling-stroke"
                data-testid="curve-brush-window"
              />
            </>
          )}
        </svg>
      </div>
      <div className="x-brush-caption muted">
        {win ? (
          <>
            showing {formatX(win[0])} – {formatX(win[1])}{" "}
            <button type="button" className="link-button" onClick={() => onChange(null)} data-testid="curve-zoom-reset">
              Reset zoom
            </button>
          </>
        ) : (
          "drag across the strip to zoom"
        )}
      </div>
    </div>
  );
}
