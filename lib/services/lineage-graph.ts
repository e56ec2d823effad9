// A run's lineage as the graph view draws it: folded (lib/domain/lineage-clusters), laid out
// (lib/domain/lineage-layout) once per change of the run and set of opened clusters, and cut to the
// level of detail of one viewport (lib/domain/lineage-lod), so an answer stays bounded at any size.
import type { Db } from "../../db/client";
import { hypothesesOf, lineageContextRows, lineageNodeRows, lineageParentRows } from "../../db/lineage-queries";
import { agentsOfRun, getRunRow, getRunStats, getTaskRow, getTrialRef } from "../../db/read-queries";
import type { LineageQuery } from "../domain/api";
import type { LineageGraph, LineageGraphNode } from "../domain/api-responses";
import { LineageError } from "../domain/errors";
import { foldLineage, type VisibleNode } from "../domain/lineage-clusters";
import { layoutLineage } from "../domain/lineage-layout";
import { fitView, LineageIndex, levelOfDetail, viewBox } from "../domain/lineage-lod";
import { BoundedCache } from "./bounded-cache";
import { metricOf } from "./summaries";

/** Characters of a hypothesis in a node's hover card. */
const HOVER_CHARS = 120;
/** Nodes drawn one by one in an answer; past it the viewport is folded into regions. */
export const LINEAGE_NODE_BUDGET = 1000;
/** A region's grid cell, in screen pixels. */
const CELL_PX = 56;
const MAX_EDGES = 4000;
const MAX_CONTEXT_EDGES = 4000;
/** The viewport is widened by this share of its size on every side, so a small pan needs no new answer to show something. */
const VIEW_MARGIN = 0.25;
/** The first view: fitted, but never below this zoom (below it labels cannot be read). */
export const READABLE_K = 0.3;
export const FIT_PAD = 16;
export const MIN_K = 1e-5;
export const MAX_K = 3;
/** Runs kept laid out, and per run the sets of opened clusters. */
const RUNS_KEPT = 4;
const LAYOUTS_KEPT = 4;

type Trial = {
  id: string;
  seq: number;
  parentIds: string[];
  agentId: string | null;
  status: string;
  score: number | null;
  failure: string | null;
  isBest: boolean;
};

type LaidOut = {
  visible: Map<string, VisibleNode>;
  index: LineageIndex;
  keyOfTrial: Map<string, string>;
  width: number;
  height: number;
  clusters: number;
};

type RunLineage = {
  version: string;
  trials: Trial[];
  byId: Map<string, Trial>;
  bySeq: Map<number, Trial>;
  bestPath: Set<string>;
  layouts: BoundedCache<string, LaidOut>;
  context?: Map<string, string[]>;
  /** hover-card hypotheses of the trials drawn so far (texts are read only for what is sent) */
  hypotheses: Map<string, string>;
};

const caches = new WeakMap<Db, BoundedCache<string, RunLineage>>();
/** Per run, each trial's parents in order: the ancestry walks read it instead of one index lookup per ancestor. */
const parentCaches = new WeakMap<Db, BoundedCache<string, { version: string; parents: Map<string, string[]> }>>();

/** What identifies a state of a run's lineage: any trial added, evaluated or kept changes it. */
function versionOf(stats: NonNullable<ReturnType<typeof getRunStats>>): string {
  return JSON.stringify([stats.trialCount, stats.evaluatedCount, stats.keptCount, stats.lastSeq, stats.bestTrialId, stats.failures, stats.lastActivityAt]);
}

function parentsOf(db: Db, runId: string, version: string): Map<string, string[]> {
  let cache = parentCaches.get(db);
  if (!cache) parentCaches.set(db, (cache = new BoundedCache(RUNS_KEPT)));
  const cached = cache.get(runId);
  if (cached && cached.version === version) return cached.parents;
  const parents = new Map<string, string[]>();
  for (const { trialId, parentId } of lineageParentRows(db, runId)) {
    const list = parents.get(trialId);
    if (list) list.push(parentId);
    else parents.set(trialId, [parentId]);
  }
  cache.set(runId, { version, parents });
  return parents;
}

/** A trial and all its ancestors, breadth first, each once (a combination's shared ancestors too). */
function walkAncestors(parents: Map<string, string[]>, trialId: string): string[] {
  const out = [trialId];
  const seen = new Set(out);
  for (let i = 0; i < out.length; i++)
    for (const p of parents.get(out[i]) ?? [])
      if (!seen.has(p)) {
        seen.add(p);
        out.push(p);
      }
  return out;
}

function loadRun(db: Db, runId: string, version: string, bestTrialId: string | null): RunLineage {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new BoundedCache(RUNS_KEPT)));
  const cached = cache.get(runId);
  if (cached && cached.version === version) return cached;
  const parents = parentsOf(db, runId, version);
  const trials: Trial[] = lineageNodeRows(db, runId).map((r) => ({
    id: r.id,
    seq: r.seq,
    parentIds: parents.get(r.id) ?? [],
    agentId: r.agentId,
    status: r.status,
    score: r.score,
    failure: r.failure,
    isBest: r.isBest === 1,
  }));
  const run: RunLineage = {
    version,
    trials,
    byId: new Map(trials.map((t) => [t.id, t])),
    bySeq: new Map(trials.map((t) => [t.seq, t])),
    bestPath: new Set(bestTrialId ? walkAncestors(parents, bestTrialId) : []),
    layouts: new BoundedCache(LAYOUTS_KEPT),
    hypotheses: new Map(),
  };
  cache.set(runId, run);
  return run;
}

function layOut(run: RunLineage, open: readonly string[], keep: Set<string>): LaidOut {
  const id = JSON.stringify([...open].sort());
  const cached = run.layouts.get(id);
  if (cached) return cached;
  const folded = foldLineage(run.trials, { expanded: new Set(open), keep });
  const layout = layoutLineage(folded);
  const keyOfTrial = new Map<string, string>();
  for (const v of folded) {
    if (v.kind === "trial") keyOfTrial.set(v.id, v.key);
    else for (const m of v.memberIds) keyOfTrial.set(m, v.key);
  }
  const laid: LaidOut = {
    visible: new Map(folded.map((v) => [v.key, v])),
    index: new LineageIndex(folded.map((v) => ({ key: v.key, x: layout.byKey.get(v.key)!.x, y: layout.byKey.get(v.key)!.y, parentKeys: v.parentKeys }))),
    keyOfTrial,
    width: layout.width,
    height: layout.height,
    clusters: folded.filter((v) => v.kind === "cluster").length,
  };
  run.layouts.set(id, laid);
  return laid;
}

function contextOf(db: Db, runId: string, run: RunLineage): Map<string, string[]> {
  if (run.context) return run.context;
  const map = new Map<string, string[]>();
  for (const { trialId, refId } of lineageContextRows(db, runId, Number.MAX_SAFE_INTEGER)) {
    const list = map.get(trialId);
    if (list) list.push(refId);
    else map.set(trialId, [refId]);
  }
  return (run.context = map);
}

/** Outcome counts and seq range of a set of trials. */
function summarize(run: RunLineage, ids: Iterable<string>) {
  const labels: Record<string, number> = {};
  let count = 0;
  let firstSeq = Infinity;
  let lastSeq = -Infinity;
  for (const id of ids) {
    const t = run.byId.get(id)!;
    const label = t.failure ?? "evaluated";
    labels[label] = (labels[label] ?? 0) + 1;
    count++;
    firstSeq = Math.min(firstSeq, t.seq);
    lastSeq = Math.max(lastSeq, t.seq);
  }
  return { labels, count, firstSeq, lastSeq };
}

export function getLineageGraph(db: Db, runId: string, query: LineageQuery): LineageGraph {
  const runRow = getRunRow(db, runId);
  if (!runRow) throw new LineageError("not_found", `run ${JSON.stringify(runId)} does not exist`);
  const task = getTaskRow(db, runRow.taskId)!;
  const stats = getRunStats(db, runId)!;
  const version = JSON.stringify([
    stats.trialCount,
    stats.evaluatedCount,
    stats.keptCount,
    stats.lastSeq,
    stats.bestTrialId,
    stats.failures,
    stats.lastActivityAt,
  ]);
  const run = loadRun(db, runId, version, stats.bestTrialId);
  const keepTrials = new Set([stats.baselineTrialId, stats.bestTrialId].filter((id): id is string => Boolean(id)));
  const laid = layOut(run, query.open, keepTrials);
  const { index, keyOfTrial } = laid;

  const frame = { width: query.w, height: query.h };
  const view =
    query.k !== undefined ? { x: query.x!, y: query.y!, k: query.k } : fitView(laid, frame, { pad: FIT_PAD, floor: READABLE_K, minK: MIN_K, maxK: MAX_K });

  // Drawn one by one whatever the zoom: the path to the best, the trial in focus and its neighbours.
  const pathKeys = new Set([...run.bestPath].map((id) => keyOfTrial.get(id)!).filter(Boolean));
  const keep = new Set(pathKeys);
  const focus = query.focus !== undefined ? run.bySeq.get(query.focus) : undefined;
  if (focus) {
    const fk = keyOfTrial.get(focus.id)!;
    keep.add(fk);
    for (const p of index.byKey.get(fk)?.parentKeys ?? []) keep.add(p);
    for (const c of index.children.get(fk) ?? []) keep.add(c);
  }
  const lod = levelOfDetail(index, viewBox(view, frame, VIEW_MARGIN), {
    budget: LINEAGE_NODE_BUDGET,
    cell: CELL_PX / view.k,
    keep,
    maxKept: LINEAGE_NODE_BUDGET / 2,
    maxEdges: MAX_EDGES,
  });

  const missing = lod.nodeKeys.flatMap((key) => {
    const v = laid.visible.get(key)!;
    return v.kind === "trial" && !run.hypotheses.has(v.id) ? [v.id] : [];
  });
  for (const [id, text] of hypothesesOf(db, missing, HOVER_CHARS)) run.hypotheses.set(id, text);
  const nodes: LineageGraphNode[] = [];
  for (const key of lod.nodeKeys) {
    const v = laid.visible.get(key)!;
    const { x, y } = index.byKey.get(key)!;
    if (v.kind === "trial") {
      const t = run.byId.get(v.id)!;
      const { parentIds: _parents, ...fields } = t;
      nodes.push({
        kind: "trial",
        key,
        x,
        y,
        ...fields,
        hypothesis: run.hypotheses.get(t.id) ?? "",
        status: t.status as "evaluated",
        failure: t.failure as null,
        onBestPath: run.bestPath.has(t.id),
      });
    } else {
      const s = summarize(run, v.memberIds);
      nodes.push({
        kind: "cluster",
        key,
        x,
        y,
        clusterKind: v.clusterKind,
        count: v.memberIds.length,
        labels: s.labels,
        firstSeq: s.firstSeq,
        lastSeq: s.lastSeq,
        onBestPath: pathKeys.has(key),
      });
    }
  }
  for (const r of lod.regions) {
    const members = r.memberKeys.flatMap((key) => {
      const v = laid.visible.get(key)!;
      return v.kind === "trial" ? [v.id] : v.memberIds;
    });
    const s = summarize(run, members);
    nodes.push({
      kind: "region",
      key: r.key,
      x: r.x,
      y: r.y,
      box: r.box,
      count: s.count,
      nodes: r.memberKeys.length,
      labels: s.labels,
      firstSeq: s.firstSeq,
      lastSeq: s.lastSeq,
    });
  }
  const edges = lod.edges.map((e) => ({ ...e, best: pathKeys.has(e.from) && pathKeys.has(e.to) }));

  // Context edges: of the trial in focus, and of every trial drawn (the view shows them on hover).
  let contextEdges: LineageGraph["contextEdges"] = null;
  let contextTruncated = false;
  if (query.context) {
    const refs = contextOf(db, runId, run);
    const drawnAt = new Map(nodes.map((n) => [n.key, n]));
    const regionOf = new Map<string, string>();
    for (const r of lod.regions) for (const m of r.memberKeys) regionOf.set(m, r.key);
    const at = (trialId: string) => {
      const key = keyOfTrial.get(trialId);
      if (!key) return undefined;
      const drawn = drawnAt.get(key) ?? drawnAt.get(regionOf.get(key) ?? "");
      const n = drawn ?? index.byKey.get(key)!;
      return { key: drawn ? drawn.key : key, x: n.x, y: n.y };
    };
    const seeing = [...(focus ? [focus.id] : []), ...nodes.filter((n) => n.kind === "trial").map((n) => n.id)];
    const seen = new Set<string>();
    contextEdges = [];
    for (const trialId of seeing) {
      const to = at(trialId)!;
      for (const refId of refs.get(trialId) ?? []) {
        const from = at(refId);
        const id = `${from?.key}>${to.key}>${trialId}`;
        if (!from || from.key === to.key || seen.has(id)) continue;
        if (contextEdges.length >= MAX_CONTEXT_EDGES) {
          contextTruncated = true;
          break;
        }
        seen.add(id);
        contextEdges.push({ trialId, from: from.key, to: to.key, x1: from.x, y1: from.y, x2: to.x, y2: to.y });
      }
    }
  }

  const bestKey = stats.bestTrialId ? keyOfTrial.get(stats.bestTrialId) : undefined;
  const bestAt = bestKey ? index.byKey.get(bestKey) : undefined;
  return {
    runId,
    runName: runRow.name,
    taskId: task.id,
    metric: metricOf(task),
    baselineTrialId: stats.baselineTrialId,
    bestTrialId: stats.bestTrialId,
    best: bestAt ? { key: bestAt.key, seq: run.byId.get(stats.bestTrialId!)!.seq, x: bestAt.x, y: bestAt.y } : null,
    agents: agentsOfRun(db, runId).map((a) => ({ id: a.id, name: a.name, surface: a.surface })),
    totals: { trials: run.trials.length, nodes: index.size, clusters: laid.clusters, lastSeq: run.trials.at(-1)?.seq ?? 0 },
    width: laid.width,
    height: laid.height,
    view,
    mode: lod.mode,
    inView: lod.inView,
    nodes,
    edges,
    focusTrial: focus ? { id: focus.id, seq: focus.seq } : null,
    contextEdges,
    contextTruncated,
  };
}

/**
 * A trial and everything its code descends from, from its run's parent links (read once per change
 * of the run and kept): a 5,000-deep walk is a few thousand map lookups, where the recursive query
 * took one index search per ancestor (33 ms).
 */
export function getTrialAncestors(db: Db, trialId: string): string[] {
  const ref = getTrialRef(db, trialId);
  if (!ref) throw new LineageError("not_found", `trial ${JSON.stringify(trialId)} does not exist`);
  return walkAncestors(parentsOf(db, ref.runId, versionOf(getRunStats(db, ref.runId)!)), trialId);
}
