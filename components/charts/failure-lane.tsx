"use client";
// Failed trials on their own lane under the score curve: one row per failure label, on the curve's
// x axis (the caller's insets line its plot up with the curve's). The crosses are drawn on one
// canvas: as recharts SVG symbols, each a React element with its own handlers, the 624 failures
// of a 100k run's curve were about 120 ms of the run page's first draw (bench P6). Hover and click
// pick the nearest cross in the row under the pointer; from the keyboard, the arrow keys step from
// cross to cross (left and right along a row, up and down between rows) and Enter opens one.
import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from "react";
import { HypothesisText } from "@/components/ui/hypothesis-text";
import { VisibleText } from "@/components/ui/visible-text";
import { stepFrom, type FailureMark, type Placed } from "./lane-steps";
import { failureColor } from "./palette";
import "./curve.css";

export type { FailureMark } from "./lane-steps";

type Props = {
  marks: FailureMark[];
  labels: string[];
  domain: [number, number];
  /** the curve's plot area starts this far from its left edge and ends this far from its right one */
  inset: { left: number; right: number };
  onOpen: (id: string) => void;
};

const ROW = 24;
const PAD = 4;
/** recharts' "cross" symbol at its default size: arms 5.4 px from the centre, 3.6 px thick */
const ARM = 5.4;
const THICK = 3.6;
/** How near the pointer must come to a cross, in pixels along its row, to pick it. */
const PICK = ARM + 2;

/** The cross whose card is shown: under the pointer, or stepped to with the keyboard (which rings it). */
type Active = { id: string; px: number; row: number; byKey: boolean };

export function FailureLane(props: Props) {
  if (props.labels.length === 0) return null;
  return <Lane {...props} />;
}

const rowCentre = (row: number) => PAD + row * ROW + ROW / 2;

function Lane({ marks, labels, domain, inset, onOpen }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const placed = useRef<Placed[]>([]);
  const [width, setWidth] = useState(0);
  const [active, setActive] = useState<Active | null>(null);
  const keyHelp = useId();
  const height = labels.length * ROW + 2 * PAD;
  const plotWidth = Math.max(0, width - inset.left - inset.right);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setWidth(el.clientWidth);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useLayoutEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext("2d");
    if (!el || !ctx || plotWidth === 0) return;
    const ratio = window.devicePixelRatio || 1;
    el.width = Math.round(plotWidth * ratio);
    el.height = Math.round(height * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, plotWidth, height);
    ctx.fillStyle = "#f2f2f2";
    for (let i = 0; i <= labels.length; i++) ctx.fillRect(0, PAD + i * ROW, plotWidth, 1);
    const span = domain[1] - domain[0] || 1;
    const rowOf = new Map(labels.map((l, i) => [l, i]));
    const out: Placed[] = [];
    labels.forEach((label, row) => {
      ctx.fillStyle = failureColor(label);
      ctx.beginPath();
      const y = rowCentre(row);
      for (const m of marks) {
        if (rowOf.get(m.label) !== row) continue;
        const px = ((m.x - domain[0]) / span) * plotWidth;
        if (!Number.isFinite(px) || px < -ARM || px > plotWidth + ARM) continue;
        ctx.rect(px - ARM, y - THICK / 2, 2 * ARM, THICK);
        ctx.rect(px - THICK / 2, y - ARM, THICK, 2 * ARM);
        out.push({ px, row, mark: m });
      }
      ctx.fill();
    });
    // in x order within each row, so the keyboard steps through a row left to right
    placed.current = out.sort((a, b) => a.row - b.row || a.px - b.px);
    el.dataset.marks = String(out.length);
    // the card and the keyboard's ring move with their cross when the window changes, or go with it
    setActive((a) => {
      const p = a && out.find((q) => q.mark.id === a.id);
      return !a || (p && p.px === a.px && p.row === a.row) ? a : p ? { ...a, px: p.px, row: p.row } : null;
    });
  }, [marks, labels, domain, plotWidth, height]);

  const markAt = (e: MouseEvent<HTMLCanvasElement>): Placed | null => {
    const r = e.currentTarget.getBoundingClientRect();
    const mx = e.clientX - r.left;
    const row = Math.floor((e.clientY - r.top - PAD) / ROW);
    let best: Placed | null = null;
    for (const p of placed.current) if (p.row === row && Math.abs(p.px - mx) <= PICK && (!best || Math.abs(p.px - mx) < Math.abs(best.px - mx))) best = p;
    return best;
  };
  const activate = (p: Placed | null, byKey: boolean) =>
    setActive((a) => (!p ? null : a?.id === p.mark.id && a.byKey === byKey ? a : { id: p.mark.id, px: p.px, row: p.row, byKey }));
  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const all = placed.current;
    if (e.key === "Escape") return setActive(null);
    const at = active ? all.findIndex((p) => p.mark.id === active.id) : -1;
    if (e.key === "Enter") {
      if (at >= 0) onOpen(all[at].mark.id);
      return;
    }
    const next = stepFrom(all, at, e.key);
    if (next === undefined) return;
    e.preventDefault(); // the arrow keys move between crosses, not the page
    activate(next, true);
  };
  // The card follows the active mark as the caller's data changes (its hypothesis may come later).
  const shown = active ? marks.find((m) => m.id === active.id) : undefined;

  return (
    <div ref={box} className="failure-lane" data-testid="failure-lane" style={{ height }}>
      <ol className="failure-lane-labels" style={{ width: inset.left - 6, paddingTop: PAD }}>
        {labels.map((label) => (
          <li key={label} style={{ height: ROW, lineHeight: `${ROW}px` }}>
            <VisibleText text={label} />
          </li>
        ))}
      </ol>
      <canvas
        ref={canvas}
        data-testid="failure-marks"
        role="application"
        aria-label={`${marks.length.toLocaleString("en-US")} failed trial${marks.length === 1 ? "" : "s"} by label: ${labels.join(", ")}`}
        aria-roledescription="failed trials"
        aria-describedby={keyHelp}
        tabIndex={marks.length > 0 ? 0 : -1}
        style={{ position: "absolute", left: inset.left, top: 0, width: plotWidth, height }}
        onMouseMove={(e) => {
          const p = markAt(e);
          e.currentTarget.style.cursor = p ? "pointer" : "";
          if (p || !active?.byKey) activate(p, false);
        }}
        onMouseLeave={() => setActive((a) => (a?.byKey ? a : null))}
        onClick={(e) => {
          const p = markAt(e);
          if (p) onOpen(p.mark.id);
        }}
        onKeyDown={onKeyDown}
        onFocus={(e) => {
          // reached with Tab (not a click): show where the keyboard is, on the first cross
          if (e.currentTarget.matches(":focus-visible")) setActive((a) => a ?? (placed.current[0] ? toActive(placed.current[0]) : null));
        }}
        onBlur={() => setActive((a) => (a?.byKey ? null : a))}
      />
      <p id={keyHelp} hidden>
        Arrow keys step between failed trials, Enter opens one, Escape closes its card.
      </p>
      {active?.byKey ? (
        <span
          className="lane-focus"
          data-testid="lane-focus"
          aria-hidden="true"
          style={{ left: inset.left + active.px - ARM - 3, top: rowCentre(active.row) - ARM - 3, width: 2 * ARM + 6, height: 2 * ARM + 6 }}
        />
      ) : null}
      {active && shown ? (
        <div className="hover-card floating" data-testid="lane-hover" style={{ left: inset.left + active.px + 12, top: rowCentre(active.row) + 12 }}>
          <div>
            <strong>#{shown.seq}</strong> · <VisibleText text={shown.agent} /> · <span className="bad">{shown.label}</span>
          </div>
          <div className="hover-hypothesis">
            <HypothesisText text={shown.hypothesis} />
          </div>
        </div>
      ) : null}
      {/* always there, so a screen reader hears each cross the keyboard steps to (a region added with its text is often not read) */}
      <p aria-live="polite" className="sr-only" data-testid="lane-announce">
        {active?.byKey && shown ? (
          <>
            Trial #{shown.seq}, <VisibleText text={shown.agent} />, {shown.label}: <HypothesisText text={shown.hypothesis} />
          </>
        ) : null}
      </p>
    </div>
  );
}

const toActive = (p: Placed): Active => ({ id: p.mark.id, px: p.px, row: p.row, byKey: true });
