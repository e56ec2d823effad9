// The drawing: positioned nodes and edges in, SVG out. Trials are links to their page; clusters are
// buttons that open; regions (many nodes of a zoomed-out view, counted) are buttons that zoom in.
// Text from agents appears only in aria-labels and <text> nodes, never as markup. What is drawn is
// bounded by the server's level of detail; the shapes are one memoised layer, so a zoom or pan
// changes only the transform of the group around them.
import { memo } from "react";
import type { ClusterKind } from "@/lib/domain/lineage-clusters";
import { revealBidi } from "@/components/ui/visible-text";
import { OUTCOME_COLOURS, type Outcome } from "./outcome-style";
import type { View } from "./use-zoom-pan";

export type DrawnNode =
  | { kind: "trial"; key: string; x: number; y: number; id: string; seq: number; outcome: Outcome; onBestPath: boolean; isCurrentBest: boolean; label: string }
  | { kind: "cluster"; key: string; x: number; y: number; clusterKind: ClusterKind; count: number; onBestPath: boolean; dominant: Outcome; label: string }
  | {
      kind: "region";
      key: string;
      x: number;
      y: number;
      box: { x0: number; y0: number; x1: number; y1: number };
      count: number;
      dominant: Outcome;
      label: string;
    };

/** `trialId`: for a context edge, the trial whose proposal saw the outcome at its start. */
export type DrawnEdge = { key: string; x1: number; y1: number; x2: number; y2: number; kind: "parent" | "context"; best: boolean; trialId?: string };

type LayerProps = {
  nodes: DrawnNode[];
  edges: DrawnEdge[];
  /** the zoom the answer was made for: regions are sized in screen pixels at it */
  answerK: number;
  onHover: (key: string | null, at?: { x: number; y: number }) => void;
  onExpand: (key: string) => void;
  onZoomTo: (box: { x0: number; y0: number; x1: number; y1: number }) => void;
};
type Props = LayerProps & { view: View };

const R = 9;

function edgePath(e: DrawnEdge): string {
  if (e.kind === "context") {
    // Bowed to one side, so a context edge never hides the parent edge between the same layers.
    const mx = (e.x1 + e.x2) / 2 + Math.max(24, Math.abs(e.y2 - e.y1) * 0.25);
    return `M${e.x1},${e.y1} Q${mx},${(e.y1 + e.y2) / 2} ${e.x2},${e.y2}`;
  }
  const my = (e.y1 + e.y2) / 2;
  return `M${e.x1},${e.y1 + R} C${e.x1},${my} ${e.x2},${my} ${e.x2},${e.y2 - R}`;
}

function hoverAt(e: React.MouseEvent | React.FocusEvent, onHover: LayerProps["onHover"], key: string) {
  const box = (e.currentTarget as Element).getBoundingClientRect();
  const frame = (e.currentTarget as Element).closest(".lineage-frame")!.getBoundingClientRect();
  onHover(key, { x: box.right - frame.left + 6, y: box.top - frame.top });
}

export function LineageSvg({ view, ...layer }: Props) {
  return (
    <svg className="lineage-svg" width="100%" height="100%" data-testid="lineage-svg">
      <defs>
        <marker id="ctx-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" className="ctx-arrow" />
        </marker>
      </defs>
      <g transform={`translate(${view.x},${view.y}) scale(${view.k})`}>
        <Layer {...layer} />
      </g>
    </svg>
  );
}

const Layer = memo(function Layer({ nodes, edges, answerK, onHover, onExpand, onZoomTo }: LayerProps) {
  const rw = 52 / answerK;
  const rh = 24 / answerK;
  return (
    <>
      {edges.map((e) => (
        <path
          key={e.key}
          d={edgePath(e)}
          className={`edge ${e.kind}${e.best ? " best-path" : ""}`}
          markerEnd={e.kind === "context" ? "url(#ctx-arrow)" : undefined}
          data-testid={e.kind === "context" ? "context-edge" : undefined}
        />
      ))}
      {nodes.map((n) =>
        n.kind === "region" ? (
          <g
            key={n.key}
            role="button"
            tabIndex={0}
            aria-label={n.label}
            className="region"
            data-testid="lineage-region"
            data-count={n.count}
            onClick={() => onZoomTo(n.box)}
            onKeyDown={(e) => {
              if (e.key === "Enter" || e.key === " ") {
                e.preventDefault();
                onZoomTo(n.box);
              }
            }}
            onMouseEnter={(e) => hoverAt(e, onHover, n.key)}
            onMouseLeave={() => onHover(null)}
            onFocus={(e) => hoverAt(e, onHover, n.key)}
            onBlur={() => onHover(null)}
          >
            <rect
              x={n.x - rw / 2}
              y={n.y - rh / 2}
              width={rw}
              height={rh}
              rx={rh / 3}
              className="region-shape"
              stroke={OUTCOME_COLOURS[n.dominant]}
              strokeWidth={2 / answerK}
            />
            <text x={n.x} y={n.y + 4 / answerK} className="region-count" fontSize={12 / answerK}>
              {n.count >= 10_000 ? `${Math.round(n.count / 1000)}k` : n.count}
            </text>
          </g>
        ) : n.kind === "trial" ? (
          <a
            key={n.key}
            href={`/trials/${encodeURIComponent(n.id)}`}
            aria-label={revealBidi(n.label)}
            data-testid="lineage-node"
            data-trial-id={n.id}
            data-outcome={n.outcome}
            data-best-path={n.onBestPath ? "true" : undefined}
            onMouseEnter={(e) => hoverAt(e, onHover, n.key)}
            onMouseLeave={() => onHover(null)}
            onFocus={(e) => hoverAt(e, onHover, n.key)}
            onBlur={() => onHover(null)}
          >
            {n.isCurrentBest && <circle cx={n.x} cy={n.y} r={R + 5} className="best-ring" />}
            <circle
              cx={n.x}
              cy={n.y}
              r={R}
              fill={OUTCOME_COLOURS[n.outcome]}
              className={`node${n.onBestPath ? " on-best-path" : ""}${n.outcome === "pending" ? " pending" : ""}`}
            />
          </a>
        ) : (
          <g
            key={n.key}
            role="button"
            tabIndex={0}
            aria-label={n.label}
            className="cluster"
            data-testid="lineage-cluster"
            data-cluster-kind={n.clusterKind}
            data-count={n.count}
            onClick={() => onExpand(n.key)}
            onKeyDown={(e) => {
              if (e.key === "Enter" || e.key === " ") {
                e.preventDefault();
                onExpand(n.key);
              }
            }}
            onMouseEnter={(e) => hoverAt(e, onHover, n.key)}
            onMouseLeave={() => onHover(null)}
            onFocus={(e) => hoverAt(e, onHover, n.key)}
            onBlur={() => onHover(null)}
          >
            <rect
              x={n.x - 24}
              y={n.y - 11}
              width={48}
              height={22}
              rx={8}
              className={`cluster-shape${n.onBestPath ? " on-best-path" : ""}`}
              stroke={OUTCOME_COLOURS[n.dominant]}
            />
            <text x={n.x} y={n.y + 4} className="cluster-count">
              {n.clusterKind === "chain" ? "⋮ " : "+"}
              {n.count}
            </text>
          </g>
        ),
      )}
      {/* Labels over every shape (a folded chip beside a trial would hide its label), each on a halo. */}
      <g data-testid="lineage-labels" aria-hidden="true">
        {nodes.map((n) =>
          n.kind === "trial" ? (
            <text key={n.key} x={n.x + R + 3} y={n.y + 4} className="node-label" data-label-of={n.id}>
              #{n.seq}
            </text>
          ) : null,
        )}
      </g>
    </>
  );
});
