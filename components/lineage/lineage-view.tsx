"use client";
// The lineage page's interactive part: fetches the graph, folds and lays it out, and offers zoom,
// pan, fit, "go to best", opening clusters and the context-edge toggle.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { VisibleText } from "@/components/ui/visible-text";
import { useLineage } from "@/lib/api/lineage";
import { LineageLegend } from "./lineage-legend";
import { buildLineageModel } from "./lineage-model";
import { LineageSvg } from "./lineage-svg";
import { useZoomPan } from "./use-zoom-pan";

export function LineageView({ runId }: { runId: string }) {
  const [showContext, setShowContext] = useState(false);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [hover, setHover] = useState<{ key: string; at: { x: number; y: number } } | null>(null);
  const query = useLineage(runId, showContext);
  const { frame, ref, view, setView, zoomAt, handlers } = useZoomPan();
  const model = useMemo(() => (query.data ? buildLineageModel(query.data, expanded) : null), [query.data, expanded]);

  const fit = useCallback(() => {
    const el = frame;
    if (!el || !model) return;
    const k = Math.min(1.2, Math.max(0.3, Math.min(el.clientWidth / model.width, el.clientHeight / model.height)));
    setView({ k, x: Math.max(0, (el.clientWidth - model.width * k) / 2), y: 0 });
  }, [frame, model, setView]);

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
      fit();
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
  return (
    <div className="lineage" data-testid="lineage-view">
      <div className="lineage-controls" role="toolbar" aria-label="Lineage view">
        <button type="button" onClick={() => zoomAt(1.25)} aria-label="Zoom in">
          +
        </button>
        <button type="button" onClick={() => zoomAt(0.8)} aria-label="Zoom out">
          −
        </button>
        <button type="button" onClick={fit}>
          Fit
        </button>
        <button type="button" onClick={goToBest} disabled={!model.bestKey}>
          Go to best
        </button>
        <label>
          <input type="checkbox" checked={showContext} onChange={(e) => setShowContext(e.target.checked)} /> Show context edges
        </label>
        {expanded.size > 0 && (
          <button type="button" onClick={() => setExpanded(new Set())}>
            Fold all again
          </button>
        )}
        <span className="muted" data-testid="lineage-counts">
          {query.data.trials.length.toLocaleString("en-US")} trials as {model.nodes.length.toLocaleString("en-US")} nodes
          {model.clusterCount > 0 && `, ${model.clusterCount} folded`}
          {showContext && query.isFetching && " · loading context edges…"}
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
          edges={model.edges}
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
