"use client";
// Zoom and pan of an SVG drawing: wheel zooms around the pointer, a drag pans (and then swallows
// the click it would end in, so dragging over a node does not open it), keys and buttons do both.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";

export type View = { x: number; y: number; k: number };
/** Far enough out that Fit shows a run of 100,000 trials whole. */
const MIN_K = 1e-5;
const MAX_K = 3;
export const clampK = (k: number) => Math.min(MAX_K, Math.max(MIN_K, k));

/** `ref` goes on the frame element; the frame may appear after the first render (once data loads). */
export function useZoomPan() {
  const [frame, ref] = useState<HTMLDivElement | null>(null);
  const [view, setView] = useState<View>({ x: 0, y: 0, k: 1 });
  const drag = useRef<{ px: number; py: number; x: number; y: number; moved: boolean } | null>(null);
  const swallowClick = useRef(false);

  const zoomAt = useCallback(
    (factor: number, cx?: number, cy?: number) => {
      setView((v) => {
        const el = frame;
        const ox = cx ?? (el ? el.clientWidth / 2 : 0);
        const oy = cy ?? (el ? el.clientHeight / 2 : 0);
        const k = clampK(v.k * factor);
        // Keep the point under the pointer (or the centre) where it is.
        return { k, x: ox - ((ox - v.x) * k) / v.k, y: oy - ((oy - v.y) * k) / v.k };
      });
    },
    [frame],
  );

  useEffect(() => {
    const el = frame;
    if (!el) return;
    // React's wheel listener is passive; zooming must stop the page from scrolling instead.
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = el.getBoundingClientRect();
      zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  }, [frame, zoomAt]);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    drag.current = { px: e.clientX, py: e.clientY, x: view.x, y: view.y, moved: false };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.px;
    const dy = e.clientY - d.py;
    if (!d.moved && Math.hypot(dx, dy) < 4) return;
    if (!d.moved) {
      d.moved = true;
      e.currentTarget.setPointerCapture(e.pointerId);
    }
    setView((v) => ({ ...v, x: d.x + dx, y: d.y + dy }));
  };
  const onPointerUp = () => {
    swallowClick.current = drag.current?.moved ?? false;
    drag.current = null;
  };
  const onClickCapture = (e: React.MouseEvent) => {
    if (!swallowClick.current) return;
    swallowClick.current = false;
    e.preventDefault();
    e.stopPropagation();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = 60;
    const pan: Record<string, [number, number]> = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (e.target !== e.currentTarget && !(e.key in pan)) return;
    if (e.key in pan) {
      const [dx, dy] = pan[e.key];
      setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));
    } else if (e.key === "+" || e.key === "=") zoomAt(1.25);
    else if (e.key === "-") zoomAt(0.8);
    else return;
    e.preventDefault();
  };

  return {
    frame,
    ref,
    view,
    setView,
    zoomAt,
    handlers: { onPointerDown, onPointerMove, onPointerUp, onPointerCancel: onPointerUp, onClickCapture, onKeyDown },
  };
}
