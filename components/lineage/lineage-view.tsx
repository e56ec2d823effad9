"use client";
// The lineage page's interactive part: fetches the graph, folds and lays it out, and offers zoom,
// pan, fit (the whole graph in view), "go to best", opening clusters and context edges. Context
// edges are drawn for one trial at a time, the one in focus: the trial named in the URL
// (?context=SEQ, the current best when turned on), or while the pointer or keyboard is on a trial,
// that one.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useUrlState } from "@/components/ui/use-url-state";
import { VisibleText } from "@/components/ui/visible-text";
import { useLineage } from "@/lib/api/lineage";
import { LineageLegend } from "./lineage-legend";
import { buildLineageModel } from "./lineage-model";
import { LineageSvg } from "./lineage-svg";
import { clampK, useZoomPan } from "./use-zoom-pan";

/** Room kept around the graph when it is fitted, for labels at its edges. */
const FIT_PAD = 16;
/** The smallest zoom of the first view: below it node labels cannot be read. */
const READABLE_K = 0.3;

export function LineageView({ runId }: { runId: string }) {
  const { params, update } = useUrlState();
  const contextSeq = params.get("context");
  const showContext = contextSeq !== null;
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [hover, setHover] = useState<{ key: string; at: { x: number; y: number } } | null>(null);
  const query = useLineage(runId, showContext);
  const { frame, ref, view, setView, zoomAt, handlers } = useZoomPan();
  const model = useMemo(() => (query.data ? buildLineageModel(query.data, expanded) : null), [query.data, expanded]);

  /**
   * Fit: the whole graph in view, however wide (no floor on the zoom but the pan's own). The first
   * view is fitted too, but never below READABLE_K, so a wide run opens at a size whose nodes and
   * labels can be read, from its left; Fit then shows all of it.
   */
  const fit = useCallback(
    (floor = 0) => {
      const el = frame;
      if (!el || !model) return;
      const whole = Math.min(1.2, (el.clientWidth - 2 * FIT_PAD) / model.width, (el.clientHeight - 2 * FIT_PAD) / model.height);
      const k = clampK(Math.max(floor, whole));
      setView({ k, x: Math.max(0, (el.clientWidth - model.width * k) / 2), y: Math.max(0, (el.clientHeight - model.height * k) / 2) });
    },
    [frame, model, setView],
  );

  const goToBest = () => {
    const el = frame;
    const best = model?.nodes.find((n) => n.key === model.bestKey);
    if (!el || !best) return;
    setView({ k: 1, x: el.clientWidth / 2 - best.x, y: el.clientHeight / 2 - best.y });
  };

  const fitted = useRef(false);
  useEffect(() => {
    if (model && frame && !fitted.current) {
      fitted.current = true;
      fit(READABLE_K);
    }
  }, [model, frame, fit]);

  if (query.isPending)
    return (
      <p className="muted" role="status">
        Loading the lineage…
      </p>
    );
  if (query.isError)
    return (
      <p className="error-box" role="alert">
        Could not load the lineage: {query.error.message}
      </p>
    );
  if (!model || query.data.trials.length === 0)
    return (
      <p className="empty" data-testid="lineage-empty">
        This run has no trials yet.
      </p>
    );

  const info = hover ? model.info.get(hover.key) : undefined;
  const trials = query.data.trials;
  const bySeq = (seq: string | null) => (seq === null ? undefined : trials.find((t) => String(t.seq) === seq));
  const pinned = bySeq(contextSeq);
  const hovered = hover ? model.nodes.find((n) => n.key === hover.key && n.kind === "trial") : undefined;
  const focusId = showContext ? (hovered?.kind === "trial" ? hovered.id : pinned?.id) : undefined;
  const edges = model.edges.filter((e) => e.kind === "parent" || e.trialId === focusId);
  const focusSeq = focusId ? trials.find((t) => t.id === focusId)?.seq : undefined;
  const defaultSeq = () => String(trials.find((t) => t.id === query.data.bestTrialId)?.seq ?? trials[trials.length - 1].seq);
  return (
    <div className="lineage" data-testid="lineage-view">
      <div className="lineage-controls" role="toolbar" aria-label="Lineage view">
        <button type="button" onClick={() => zoomAt(1.25)} aria-label="Zoom in">
          +
        </button>
        <button type="button" onClick={() => zoomAt(0.8)} aria-label="Zoom out">
          −
        </button>
        <button type="button" onClick={() => fit()}>
          Fit
        </button>
        <button type="button" onClick={goToBest} disabled={!model.bestKey}>
          Go to best
        </button>
        <label>
          <input type="checkbox" checked={showContext} onChange={(e) => update({ context: e.target.checked ? defaultSeq() : null }, "replace")} /> Show context
          edges
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
        <span className="muted" data-testid="lineage-counts">
          {query.data.trials.length.toLocaleString("en-US")} trials as {model.nodes.length.toLocaleString("en-US")} nodes
          {model.clusterCount > 0 && `, ${model.clusterCount} folded`}
          {showContext && query.isFetching && " · loading context edges…"}
          {showContext && !query.isFetching && (focusSeq !== undefined ? ` · what #${focusSeq} saw` : ` · no trial #${contextSeq}`)}
          {query.data.contextTruncated && " · only the first 20,000 context edges are drawn"}
        </span>
      </div>
      <div
        ref={ref}
        className="lineage-frame"
        tabIndex={0}
        aria-label="Lineage graph. Arrow keys pan, plus and minus zoom, Tab moves through the trials."
        {...handlers}
      >
        <LineageSvg
          nodes={model.nodes}
          edges={edges}
          view={view}
          onHover={(key, at) => setHover(key && at ? { key, at } : null)}
          onExpand={(key) => setExpanded((s) => new Set([...s, key]))}
        />
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
