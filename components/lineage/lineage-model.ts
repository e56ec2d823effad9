// From the API's graph to what the SVG draws: fold (lib/domain/lineage-clusters), lay out
// (lib/domain/lineage-layout), then colour, label and connect the visible nodes.
import { foldLineage } from "@/lib/domain/lineage-clusters";
import { layoutLineage } from "@/lib/domain/lineage-layout";
import type { LineageGraph, LineageGraphTrial } from "@/lib/domain/api-responses";
import { formatScore } from "@/components/runs/format";
import { OUTCOME_NAMES, outcomeOf, type Outcome } from "./outcome-style";
import type { DrawnEdge, DrawnNode } from "./lineage-svg";

export type HoverInfo = { title: string; lines: string[]; hypothesis: string | null };

export type LineageModel = {
  nodes: DrawnNode[];
  edges: DrawnEdge[];
  width: number;
  height: number;
  info: Map<string, HoverInfo>;
  clusterCount: number;
  bestKey: string | null;
};

const CLUSTER_WORDS = { failed: "failed trials", leaves: "leaf trials", chain: "trials in a chain" } as const;

function describeTrial(t: LineageGraphTrial, agents: Map<string, string>, metric: string): HoverInfo {
  const outcome = t.failure ?? (t.status !== "evaluated" ? t.status : `${metric} ${formatScore(t.score)}`);
  return {
    title: `Trial #${t.seq}${t.isBest ? " · new best" : ""}`,
    lines: [outcome, t.agentId ? `agent ${agents.get(t.agentId) ?? t.agentId}` : "no agent"],
    hypothesis: t.hypothesis || null,
  };
}

export function buildLineageModel(g: LineageGraph, expanded: ReadonlySet<string>): LineageModel {
  const keep = new Set([g.baselineTrialId, g.bestTrialId].filter((id): id is string => Boolean(id)));
  const visible = foldLineage(g.trials, { expanded, keep });
  const layout = layoutLineage(visible);
  const byId = new Map(g.trials.map((t) => [t.id, t]));
  const agents = new Map(g.agents.map((a) => [a.id, a.name]));
  const onPath = new Set(g.bestPath);
  const keyOfTrial = new Map<string, string>();
  const info = new Map<string, HoverInfo>();
  const pathKeys = new Set<string>();

  const nodes: DrawnNode[] = visible.map((v) => {
    const { x, y } = layout.byKey.get(v.key)!;
    if (v.kind === "trial") {
      const t = byId.get(v.id)!;
      keyOfTrial.set(t.id, v.key);
      const outcome = outcomeOf(t);
      const best = onPath.has(t.id);
      if (best) pathKeys.add(v.key);
      info.set(v.key, describeTrial(t, agents, g.metric.name));
      const label = `Trial #${t.seq}: ${OUTCOME_NAMES[outcome]}${t.score !== null ? `, ${g.metric.name} ${formatScore(t.score)}` : ""}${t.id === g.bestTrialId ? ", the current best" : ""}`;
      return { kind: "trial", key: v.key, x, y, id: t.id, seq: t.seq, outcome, onBestPath: best, isCurrentBest: t.id === g.bestTrialId, label };
    }
    for (const m of v.memberIds) keyOfTrial.set(m, v.key);
    const best = v.memberIds.some((m) => onPath.has(m));
    if (best) pathKeys.add(v.key);
    const [dominant] = Object.entries(v.labels).sort((a, b) => b[1] - a[1])[0];
    const seqs = v.memberIds.map((m) => byId.get(m)!.seq);
    const counts = Object.entries(v.labels)
      .map(([l, n]) => `${l} ${n}`)
      .join(", ");
    info.set(v.key, {
      title: `${v.memberIds.length} ${CLUSTER_WORDS[v.clusterKind]}`,
      lines: [counts, `#${Math.min(...seqs)} … #${Math.max(...seqs)}`, "click to open"],
      hypothesis: null,
    });
    const label = `${v.memberIds.length} ${CLUSTER_WORDS[v.clusterKind]} (${counts}), folded; press to open`;
    return {
      kind: "cluster",
      key: v.key,
      x,
      y,
      clusterKind: v.clusterKind,
      count: v.memberIds.length,
      onBestPath: best,
      dominant: (dominant === "evaluated" ? "evaluated" : dominant) as Outcome,
      label,
    };
  });

  const edges: DrawnEdge[] = [];
  for (const v of visible) {
    const to = layout.byKey.get(v.key)!;
    for (const pk of v.parentKeys) {
      const from = layout.byKey.get(pk)!;
      edges.push({ key: `${pk}>${v.key}`, x1: from.x, y1: from.y, x2: to.x, y2: to.y, kind: "parent", best: pathKeys.has(pk) && pathKeys.has(v.key) });
    }
  }
  // Highlighted edges last, so the path to the best is drawn over the rest.
  edges.sort((a, b) => Number(a.best) - Number(b.best));
  // Context edges are kept per seeing trial: the view draws only those of the trial in focus.
  const seen = new Set<string>();
  for (const c of g.contextEdges ?? []) {
    const from = keyOfTrial.get(c.refId);
    const to = keyOfTrial.get(c.trialId);
    if (!from || !to || from === to || seen.has(`${from}>${to}>${c.trialId}`)) continue;
    seen.add(`${from}>${to}>${c.trialId}`);
    const a = layout.byKey.get(from)!;
    const b = layout.byKey.get(to)!;
    edges.push({ key: `ctx:${from}>${to}:${c.trialId}`, x1: a.x, y1: a.y, x2: b.x, y2: b.y, kind: "context", best: false, trialId: c.trialId });
  }
  return {
    nodes,
    edges,
    width: layout.width,
    height: layout.height,
    info,
    clusterCount: visible.filter((v) => v.kind === "cluster").length,
    bestKey: g.bestTrialId ? (keyOfTrial.get(g.bestTrialId) ?? null) : null,
  };
}
