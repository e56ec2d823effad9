// From the API's answer (one viewport's level of detail, already folded and laid out on the server)
// to what the SVG draws: colour, label and describe each node, cluster and region.
import type { LineageGraph } from "@/lib/domain/api-responses";
import { formatScore } from "@/components/runs/format";
import { OUTCOME_NAMES, outcomeOf, type Outcome } from "./outcome-style";
import type { DrawnEdge, DrawnNode } from "./lineage-svg";

export type HoverInfo = { title: string; lines: string[]; hypothesis: string | null };

export type LineageModel = {
  nodes: DrawnNode[];
  edges: DrawnEdge[];
  info: Map<string, HoverInfo>;
  regionCount: number;
};

const CLUSTER_WORDS = { failed: "failed trials", leaves: "leaf trials", chain: "trials in a chain" } as const;

const countsText = (labels: Record<string, number>) =>
  Object.entries(labels)
    .map(([l, n]) => `${l} ${n}`)
    .join(", ");

const dominantOf = (labels: Record<string, number>) => Object.entries(labels).sort((a, b) => b[1] - a[1])[0][0] as Outcome;

export function buildLineageModel(g: LineageGraph): LineageModel {
  const agents = new Map(g.agents.map((a) => [a.id, a.name]));
  const info = new Map<string, HoverInfo>();
  const metric = g.metric.name;
  const nodes: DrawnNode[] = g.nodes.map((n) => {
    if (n.kind === "trial") {
      const outcome = outcomeOf(n);
      const current = n.id === g.bestTrialId;
      info.set(n.key, {
        title: `Trial #${n.seq}${n.isBest ? " · new best" : ""}`,
        lines: [
          n.failure ?? (n.status !== "evaluated" ? n.status : `${metric} ${formatScore(n.score)}`),
          n.agentId ? `agent ${agents.get(n.agentId) ?? n.agentId}` : "no agent",
        ],
        hypothesis: n.hypothesis || null,
      });
      const label = `Trial #${n.seq}: ${OUTCOME_NAMES[outcome]}${n.score !== null ? `, ${metric} ${formatScore(n.score)}` : ""}${current ? ", the current best" : ""}`;
      return { kind: "trial", key: n.key, x: n.x, y: n.y, id: n.id, seq: n.seq, outcome, onBestPath: n.onBestPath, isCurrentBest: current, label };
    }
    const counts = countsText(n.labels);
    if (n.kind === "cluster") {
      info.set(n.key, {
        title: `${n.count} ${CLUSTER_WORDS[n.clusterKind]}`,
        lines: [counts, `#${n.firstSeq} … #${n.lastSeq}`, "click to open"],
        hypothesis: null,
      });
      return {
        kind: "cluster",
        key: n.key,
        x: n.x,
        y: n.y,
        clusterKind: n.clusterKind,
        count: n.count,
        onBestPath: n.onBestPath,
        dominant: dominantOf(n.labels),
        label: `${n.count} ${CLUSTER_WORDS[n.clusterKind]} (${counts}), folded; press to open`,
      };
    }
    info.set(n.key, {
      title: `${n.count.toLocaleString("en-US")} trials in this area`,
      lines: [counts, `#${n.firstSeq} … #${n.lastSeq}`, "click to zoom in"],
      hypothesis: null,
    });
    return {
      kind: "region",
      key: n.key,
      x: n.x,
      y: n.y,
      box: n.box,
      count: n.count,
      dominant: dominantOf(n.labels),
      label: `${n.count.toLocaleString("en-US")} trials in this area (${counts}); press to zoom in`,
    };
  });
  const edges: DrawnEdge[] = g.edges.map((e) => ({ key: `${e.from}>${e.to}`, x1: e.x1, y1: e.y1, x2: e.x2, y2: e.y2, kind: "parent", best: e.best }));
  // Highlighted edges last, so the path to the best is drawn over the rest.
  edges.sort((a, b) => Number(a.best) - Number(b.best));
  for (const c of g.contextEdges ?? [])
    edges.push({ key: `ctx:${c.from}>${c.to}:${c.trialId}`, x1: c.x1, y1: c.y1, x2: c.x2, y2: c.y2, kind: "context", best: false, trialId: c.trialId });
  return { nodes, edges, info, regionCount: nodes.filter((n) => n.kind === "region").length };
}
