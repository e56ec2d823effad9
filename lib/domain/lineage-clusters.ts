// Folding a run's lineage so 5,000 trials stay readable: failed leaves under one parent become one
// counted cluster, so do the plain leaves of a very wide parent, and long linear chains (one parent,
// one child, all the way) become one node. Clusters expand on request, a chain a chunk at a time.
// Keys keep trials and clusters apart: a trial id is any printable string, so "t:" / "c:" prefixes
// are what guarantees a cluster can never collide with a trial.

export type LineageTrial = {
  id: string;
  seq: number;
  parentIds: readonly string[];
  failure: string | null;
  isBest: boolean;
};

export type ClusterKind = "failed" | "leaves" | "chain";

export type VisibleNode =
  | { kind: "trial"; key: string; id: string; parentKeys: string[] }
  | { kind: "cluster"; key: string; clusterKind: ClusterKind; memberIds: string[]; labels: Record<string, number>; parentKeys: string[] };

export type FoldOptions = {
  /** cluster keys the user opened */
  expanded?: ReadonlySet<string>;
  /** trial ids never folded (the baseline, the current best) */
  keep?: ReadonlySet<string>;
  /** a chain folds when it has at least this many foldable trials */
  minChain?: number;
  /** an opened chain shows this many trials, the rest stays folded */
  chainChunk?: number;
  /** failed leaves of one parent fold from this many */
  minFailedLeaves?: number;
  /** plain leaves of one parent fold when there are more than this many */
  maxLeaves?: number;
};

export const trialKey = (id: string) => `t:${id}`;
export const clusterKey = (kind: ClusterKind, anchorId: string) => `c:${kind}:${anchorId}`;

function childrenOf(trials: readonly LineageTrial[], known: Set<string>): Map<string, string[]> {
  const children = new Map<string, string[]>(trials.map((t) => [t.id, []]));
  for (const t of trials) for (const p of t.parentIds) if (known.has(p)) children.get(p)!.push(t.id);
  return children;
}

/** Maps each folded trial id to its cluster, and describes the clusters, in trial (seq) order. */
function planFolds(trials: readonly LineageTrial[], o: Required<FoldOptions>) {
  const byId = new Map(trials.map((t) => [t.id, t]));
  const known = new Set(byId.keys());
  const children = childrenOf(trials, known);
  const folded = new Map<string, string>();
  const clusters = new Map<string, { kind: ClusterKind; members: string[] }>();
  const isFailedLeaf = (t: LineageTrial) => Boolean(t.failure) && children.get(t.id)!.length === 0 && !o.keep.has(t.id);
  const knownParents = (t: LineageTrial) => t.parentIds.filter((p) => known.has(p));

  // Chains first: trials with one parent and one child whose only parent they are. Failed leaves
  // hanging off a chain do not break it; they fold into it (and show again when it opens).
  // Both memoised: every child of a wide parent asks about that parent (10,000 children asking
  // about a parent of 10,000 children was 10^8 checks, 23 s of a 112k-trial run's first fold).
  const trunk = new Map<string, string[]>();
  const trunkChildren = (id: string) => {
    let kids = trunk.get(id);
    if (!kids) trunk.set(id, (kids = children.get(id)!.filter((c) => !isFailedLeaf(byId.get(c)!))));
    return kids;
  };
  const linkableById = new Map<string, boolean>();
  const linkable = (t: LineageTrial) => {
    let answer = linkableById.get(t.id);
    if (answer === undefined) {
      const kids = trunkChildren(t.id);
      answer = !o.keep.has(t.id) && knownParents(t).length === 1 && kids.length === 1 && knownParents(byId.get(kids[0])!).length === 1;
      linkableById.set(t.id, answer);
    }
    return answer;
  };
  const seen = new Set<string>();
  for (const t of trials) {
    if (seen.has(t.id) || !linkable(t)) continue;
    if (linkable(byId.get(knownParents(t)[0])!)) continue; // not the head of its chain; reached from the head
    const chain: string[] = [];
    for (let cur: LineageTrial | undefined = t; cur && linkable(cur) && !seen.has(cur.id); cur = byId.get(trunkChildren(cur.id)[0])) {
      seen.add(cur.id);
      chain.push(cur.id);
    }
    // An opened chain shows its first chunk; what follows folds again under its own key.
    let rest = chain;
    while (rest.length >= o.minChain) {
      if (!o.expanded.has(clusterKey("chain", rest[0]))) {
        const members = [...new Set(rest.flatMap((id) => [id, ...children.get(id)!.filter((c) => isFailedLeaf(byId.get(c)!))]))];
        const key = clusterKey("chain", rest[0]);
        clusters.set(key, { kind: "chain", members: members.sort((a, b) => byId.get(a)!.seq - byId.get(b)!.seq) });
        for (const m of members) folded.set(m, key);
        break;
      }
      rest = rest.slice(o.chainChunk);
    }
  }

  // Leaves not already in a chain, grouped under their first (diff-base) parent.
  const failedLeaves = new Map<string, string[]>();
  const plainLeaves = new Map<string, string[]>();
  for (const t of trials) {
    const base = knownParents(t)[0];
    if (!base || folded.has(t.id) || children.get(t.id)!.length > 0 || o.keep.has(t.id) || t.isBest) continue;
    const group = t.failure ? failedLeaves : plainLeaves;
    const list = group.get(base);
    if (list) list.push(t.id);
    else group.set(base, [t.id]);
  }
  const foldLeaves = (kind: "failed" | "leaves", parent: string, ids: string[]) => {
    const key = clusterKey(kind, parent);
    if (o.expanded.has(key)) return;
    clusters.set(key, { kind, members: ids });
    for (const m of ids) folded.set(m, key);
  };
  for (const [parent, ids] of failedLeaves) if (ids.length >= o.minFailedLeaves) foldLeaves("failed", parent, ids);
  for (const [parent, ids] of plainLeaves) if (ids.length > o.maxLeaves) foldLeaves("leaves", parent, ids);
  return { folded, clusters, known };
}

/** The nodes to draw, in seq order of their first trial, with edges already redirected to clusters. */
export function foldLineage(trials: readonly LineageTrial[], options: FoldOptions = {}): VisibleNode[] {
  const o: Required<FoldOptions> = {
    expanded: options.expanded ?? new Set(),
    keep: options.keep ?? new Set(),
    minChain: options.minChain ?? 6,
    chainChunk: options.chainChunk ?? 50,
    minFailedLeaves: options.minFailedLeaves ?? 2,
    maxLeaves: options.maxLeaves ?? 12,
  };
  const sorted = [...trials].sort((a, b) => a.seq - b.seq);
  const { folded, clusters, known } = planFolds(sorted, o);
  const keyOf = (id: string) => folded.get(id) ?? trialKey(id);
  const byId = new Map(sorted.map((t) => [t.id, t]));

  const out: VisibleNode[] = [];
  const emitted = new Set<string>();
  for (const t of sorted) {
    const key = keyOf(t.id);
    if (emitted.has(key)) continue;
    emitted.add(key);
    const cluster = clusters.get(key);
    const members = cluster ? cluster.members : [t.id];
    const memberSet = new Set(members);
    const parentKeys: string[] = [];
    for (const m of members) {
      for (const p of byId.get(m)!.parentIds) {
        if (!known.has(p) || memberSet.has(p)) continue;
        const pk = keyOf(p);
        if (pk !== key && !parentKeys.includes(pk)) parentKeys.push(pk);
      }
    }
    if (!cluster) {
      out.push({ kind: "trial", key, id: t.id, parentKeys });
      continue;
    }
    const labels: Record<string, number> = {};
    for (const m of members) {
      const label = byId.get(m)!.failure ?? "evaluated";
      labels[label] = (labels[label] ?? 0) + 1;
    }
    out.push({ kind: "cluster", key, clusterKind: cluster.kind, memberIds: members, labels, parentKeys });
  }
  return out;
}
