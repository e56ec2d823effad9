"use client";
// The lineage page's interactive part. The server folds, lays out and cuts the graph to what one
// viewport shows (lib/services/lineage-graph.ts); this asks for the frame's view, draws the answer,
// and asks again once a zoom or pan has settled, drawing the last answer (moved by the new view's
// transform) meanwhile. It offers zoom, pan, fit (the whole graph in view), "go to best", opening
// clusters, zooming into a region, and context edges. Context edges are drawn for one trial at a
// time, the one in focus: the trial named in the URL (?context=SEQ, the current best when turned
// on), or while the pointer or keyboard is on a trial, that one.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useUrlState } from "@/components/ui/use-url-state";
import { VisibleText } from "@/components/ui/visible-text";
import { useLineage } from "@/lib/api/lineage";
import type { LineageParams } from "@/lib/api/endpoints";
import { fitView, type Box } from "@/lib/domain/lineage-lod";
import { LineageLegend } from "./lineage-legend";
import { buildLineageModel } from "./lineage-model";
import { LineageSvg } from "./lineage-svg";
import { clampK, useZoomPan, type View } from "./use-zoom-pan";

/** Room kept around the graph when it is fitted, for labels at its edges. */
const FIT_PAD = 16;
/** How long a view must stay put before its level of detail is asked for. */
const SETTLE_MS = 120;

const sameView = (a: View, b: View) => a.x === b.x && a.y === b.y && a.k === b.k;

export function LineageView({ runId }: { runId: string }) {
  const { params, update } = useUrlState();
  const contextSeq = params.get("context");
  const showContext = contextSeq !== null;
  const focusSeq = contextSeq !== null && /^\d+$/.test(contextSeq) && Number(contextSeq) > 0 ? Number(contextSeq) : undefined;
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [hover, setHover] = useState<{ key: string; at: { x: number; y: number } } | null>(null);
  const { frame, ref, view, setView, zoomAt, handlers } = useZoomPan();
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  /** The view the level of detail is asked for: the drawn view once it has settled; none before the first answer. */
  const [asked, setAsked] = useState<View | undefined>(undefined);
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!frame) return;
    const measure = () => setSize({ w: Math.max(50, Math.round(frame.clientWidth)), h: Math.max(50, Math.round(frame.clientHeight)) });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(frame);
    return () => ro.disconnect();
  }, [frame]);

  const open = useMemo(() => [...expanded].sort(), [expanded]);
  const lodParams: LineageParams | null = size ? { w: size.w, h: size.h, view: asked, open, focus: focusSeq, context: showContext } : null;
  const query = useLineage(runId, lodParams);
  const data = query.data;
  const model = useMemo(() => (data ? buildLineageModel(data) : null), [data]);

  // The first answer brings the first view; it is the answer for that view too, so it is not asked again.
  const started = useRef(false);
  useEffect(() => {
    if (!data || started.current || !lodParams) return;
    started.current = true;
    queryClient.setQueryData(["lineage", runId, { ...lodParams, view: data.view }], data);
    setView(data.view);
    setAsked(data.view);
  }, [data, lodParams, queryClient, runId, setView]);

  // Ask again once the view has settled (a whole graph drawn at once needs no new answer).
  useEffect(() => {
    if (!started.current || !data || data.mode === "all" || (asked && sameView(asked, view))) return;
    const timer = setTimeout(() => setAsked(view), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [view, asked, data]);

  const frameSize = useCallback(() => ({ width: frame?.clientWidth ?? 0, height: frame?.clientHeight ?? 0 }), [frame]);
  /** Fit: the whole graph in view, however wide (no floor on the zoom but the pan's own). */
  const fit = () => {
    if (!data || !frame) return;
    setView(fitView(data, frameSize(), { pad: FIT_PAD, minK: clampK(0), maxK: clampK(Infinity) }));
  };
  const goToBest = () => {
    if (!frame || !data?.best) return;
    setView({ k: 1, x: frame.clientWidth / 2 - data.best.x, y: frame.clientHeight / 2 - data.best.y });
  };
  const onHover = useCallback((key: string | null, at?: { x: number; y: number }) => setHover(key && at ? { key, at } : null), []);
  const onExpand = useCallback((key: string) => setExpanded((s) => new Set([...s, key])), []);
  const onZoomTo = useCallback(
    (box: Box) => {
      const f = frameSize();
      setView((v) => {
        const w = Math.max(1, box.x1 - box.x0);
        const h = Math.max(1, box.y1 - box.y0);
        // Into the region: it fills the frame, and the zoom at least doubles (a region is many nodes in one cell).
        const k = clampK(Math.max(v.k * 2, Math.min((f.width - 2 * FIT_PAD) / w, (f.height - 2 * FIT_PAD) / h, 1.2)));
        return { k, x: f.width / 2 - ((box.x0 + box.x1) / 2) * k, y: f.height / 2 - ((box.y0 + box.y1) / 2) * k };
      });
    },
    [frameSize, setView],
  );

  const empty = data && data.totals.trials === 0;
  if (query.isError)
    return (
      <p className="error-box" role="alert">
        Could not load the lineage: {query.error.message}
      </p>
    );
  if (empty)
    return (
      <p className="empty" data-testid="lineage-empty">
        This run has no trials yet.
      </p>
    );

  const info = hover && model ? model.info.get(hover.key) : undefined;
  const hovered = hover && model ? model.nodes.find((n) => n.key === hover.key && n.kind === "trial") : undefined;
  const pinned = data?.focusTrial;
  const focusId = showContext ? (hovered?.kind === "trial" ? hovered.id : pinned?.id) : undefined;
  const edges = model ? model.edges.filter((e) => e.kind === "parent" || e.trialId === focusId) : [];
  const shownSeq = hovered?.kind === "trial" ? hovered.seq : pinned?.seq;
  const defaultSeq = () => String(data?.best?.seq ?? data?.totals.lastSeq ?? 1);
  return (
    <div className="lineage" data-testid="lineage-view">
      <div className="lineage-controls" role="toolbar" aria-label="Lineage view">
        <button type="button" onClick={() => zoomAt(1.25)} aria-label="Zoom in">
          +
        </button>
        <button type="button" onClick={() => zoomAt(0.8)} aria-label="Zoom out">
          −
        </button>
        <button type="button" onClick={fit} disabled={!data}>
          Fit
        </button>
        <button type="button" onClick={goToBest} disabled={!data?.best}>
          Go to best
        </button>
        <label>
          <input
            type="checkbox"
            checked={showContext}
            disabled={!data}
            onChange={(e) => update({ context: e.target.checked ? defaultSeq() : null }, "replace")}
          />{" "}
          Show context edges
        </label>
        {showContext && (
          <label>
            of trial #
            <input
              type="number"
              min={1}
              className="seq-input"
              value={contextSeq ?? ""}
              onChange={(e) => update({ context: e.target.value || defaultSeq() }, "replace")}
              aria-label="Context edges of trial number"
              data-testid="context-seq"
            />
          </label>
        )}
        {expanded.size > 0 && (
          <button type="button" onClick={() => setExpanded(new Set())}>
            Fold all again
          </button>
        )}
        {data && model && (
          <span className="muted" data-testid="lineage-counts" data-mode={data.mode}>
            {data.totals.trials.toLocaleString("en-US")} trials as {data.totals.nodes.toLocaleString("en-US")} nodes
            {data.totals.clusters > 0 && `, ${data.totals.clusters} folded`}
            {data.mode === "regions" &&
              ` · ${data.inView.toLocaleString("en-US")} in view, drawn as ${model.regionCount.toLocaleString("en-US")} areas: zoom in for each trial`}
            {showContext && query.isFetching && " · loading context edges…"}
            {showContext && !query.isFetching && (shownSeq !== undefined ? ` · what #${shownSeq} saw` : ` · no trial #${contextSeq}`)}
            {data.contextTruncated && " · only the first 4,000 context edges in view are drawn"}
          </span>
        )}
      </div>
      <div
        ref={ref}
        className="lineage-frame"
        tabIndex={0}
        aria-label="Lineage graph. Arrow keys pan, plus and minus zoom, Tab moves through the trials."
        aria-busy={query.isFetching}
        data-testid="lineage-frame"
        data-answer-k={data ? data.view.k : undefined}
        {...handlers}
      >
        {model && data ? (
          <LineageSvg nodes={model.nodes} edges={edges} view={view} answerK={data.view.k} onHover={onHover} onExpand={onExpand} onZoomTo={onZoomTo} />
        ) : (
          <p className="muted" role="status">
            Loading the lineage…
          </p>
        )}
        {info && hover && (
          <div className="lineage-tooltip" role="tooltip" data-testid="lineage-tooltip" style={{ left: hover.at.x, top: hover.at.y }}>
            <strong>{info.title}</strong>
            {info.lines.map((l, i) => (
              <div key={i}>
                <VisibleText text={l} />
              </div>
            ))}
            {info.hypothesis && (
              <p className="pre-text">
                <VisibleText text={info.hypothesis} />
              </p>
            )}
          </div>
        )}
      </div>
      <LineageLegend showContext={showContext} />
    </div>
  );
}
