// Level of detail of a laid-out lineage: what to draw of one viewport so that an answer stays
// bounded however large the run. A graph of up to `budget` nodes is drawn whole. Past it only the
// viewport (with a margin) is drawn, node by node while it holds up to `budget` nodes; past that the
// viewport is cut into a grid of screen cells and each cell's nodes become one counted region, except
// the nodes that must stay visible (the path to the best, the trial in focus and its neighbours).

export type LodInput = { key: string; x: number; y: number; parentKeys: readonly string[] };
export type Box = { x0: number; y0: number; x1: number; y1: number };
export type View = { x: number; y: number; k: number };
export type Size = { width: number; height: number };

export type LodRegion = { key: string; x: number; y: number; box: Box; memberKeys: string[] };
export type LodEdge = { from: string; to: string; x1: number; y1: number; x2: number; y2: number };
export type Lod = {
  /** all: the whole graph; view: the nodes of the viewport; regions: the viewport folded into cells */
  mode: "all" | "view" | "regions";
  /** nodes drawn one by one */
  nodeKeys: string[];
  regions: LodRegion[];
  edges: LodEdge[];
  /** nodes of the graph inside the box */
  inView: number;
};

export type LodOptions = {
  /** most nodes drawn one by one */
  budget: number;
  /** a grid cell's side, in layout units (a fixed number of screen pixels at the view's zoom) */
  cell: number;
  /** keys never folded into a region while they are in the box */
  keep: ReadonlySet<string>;
  /** most kept nodes drawn in a box (a 5,000-long path to the best is thinned evenly) */
  maxKept: number;
  /** most edges in an answer */
  maxEdges: number;
};

/** The graph sorted by x for box queries, with each node's children. Built once per layout. */
export class LineageIndex {
  readonly byKey: Map<string, LodInput>;
  readonly children: Map<string, string[]>;
  private readonly sorted: LodInput[];

  constructor(nodes: readonly LodInput[]) {
    this.byKey = new Map(nodes.map((n) => [n.key, n]));
    this.children = new Map();
    for (const n of nodes)
      for (const p of n.parentKeys) {
        if (!this.byKey.has(p)) continue;
        const list = this.children.get(p);
        if (list) list.push(n.key);
        else this.children.set(p, [n.key]);
      }
    this.sorted = [...nodes].sort((a, b) => a.x - b.x);
  }

  get size() {
    return this.sorted.length;
  }

  all(): readonly LodInput[] {
    return this.sorted;
  }

  /** The nodes inside `box`, by x then the order they were given. */
  within(box: Box): LodInput[] {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid].x < box.x0) lo = mid + 1;
      else hi = mid;
    }
    const out: LodInput[] = [];
    for (let i = lo; i < this.sorted.length && this.sorted[i].x <= box.x1; i++) {
      const n = this.sorted[i];
      if (n.y >= box.y0 && n.y <= box.y1) out.push(n);
    }
    return out;
  }
}

/** Every `step`-th of `items` so that at most `max` remain, first and last kept. */
function thin<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  if (max <= 1) return items.slice(0, max);
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(items[Math.round((i * (items.length - 1)) / (max - 1))]);
  return out;
}

export function levelOfDetail(index: LineageIndex, box: Box, o: LodOptions): Lod {
  if (index.size <= o.budget) {
    const edges: LodEdge[] = [];
    for (const n of index.all())
      for (const p of n.parentKeys) {
        const from = index.byKey.get(p);
        if (from && edges.length < o.maxEdges) edges.push({ from: p, to: n.key, x1: from.x, y1: from.y, x2: n.x, y2: n.y });
      }
    return { mode: "all", nodeKeys: index.all().map((n) => n.key), regions: [], edges, inView: index.size };
  }

  const inBox = index.within(box);
  const item = new Map<string, { key: string; x: number; y: number }>();
  const regions: LodRegion[] = [];
  let nodeKeys: string[];
  let mode: Lod["mode"] = "view";
  const cellOf = (n: { x: number; y: number }) => `${Math.floor(n.x / o.cell)},${Math.floor(n.y / o.cell)}`;

  if (inBox.length <= o.budget) {
    nodeKeys = inBox.map((n) => n.key);
    for (const n of inBox) item.set(n.key, n);
  } else {
    mode = "regions";
    const kept = thin(
      inBox.filter((n) => o.keep.has(n.key)),
      o.maxKept,
    );
    const keptKeys = new Set(kept.map((n) => n.key));
    const cells = new Map<string, LodInput[]>();
    for (const n of inBox) {
      if (keptKeys.has(n.key)) continue;
      const c = cellOf(n);
      const list = cells.get(c);
      if (list) list.push(n);
      else cells.set(c, [n]);
    }
    nodeKeys = kept.map((n) => n.key);
    for (const n of kept) item.set(n.key, n);
    for (const [c, members] of cells) {
      if (members.length === 1) {
        nodeKeys.push(members[0].key);
        item.set(members[0].key, members[0]);
        continue;
      }
      const box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
      let sx = 0;
      let sy = 0;
      for (const m of members) {
        sx += m.x;
        sy += m.y;
        box.x0 = Math.min(box.x0, m.x);
        box.y0 = Math.min(box.y0, m.y);
        box.x1 = Math.max(box.x1, m.x);
        box.y1 = Math.max(box.y1, m.y);
      }
      const region: LodRegion = { key: `r:${c}`, x: sx / members.length, y: sy / members.length, box, memberKeys: members.map((m) => m.key) };
      regions.push(region);
      for (const m of members) item.set(m.key, region);
    }
  }

  // Edges with at least one end in the box. An end outside it is drawn at its node when nodes are
  // drawn, and merged by grid cell when regions are (one edge per pair of drawn things).
  const edges: LodEdge[] = [];
  const seen = new Set<string>();
  const end = (key: string) => {
    const drawn = item.get(key);
    if (drawn) return drawn;
    const n = index.byKey.get(key)!;
    return mode === "regions" ? { key: `off:${cellOf(n)}`, x: n.x, y: n.y } : n;
  };
  const add = (fromKey: string, toKey: string) => {
    const a = end(fromKey);
    const b = end(toKey);
    const id = `${a.key}>${b.key}`;
    if (a.key === b.key || seen.has(id) || edges.length >= o.maxEdges) return;
    seen.add(id);
    edges.push({ from: a.key, to: b.key, x1: a.x, y1: a.y, x2: b.x, y2: b.y });
  };
  for (const n of inBox) {
    for (const p of n.parentKeys) if (index.byKey.has(p)) add(p, n.key);
    for (const c of index.children.get(n.key) ?? []) if (!item.has(c)) add(n.key, c);
  }
  return { mode, nodeKeys, regions, edges, inView: inBox.length };
}

/** The part of the layout a view of a `frame`-sized window shows, widened by `margin` of its size on every side. */
export function viewBox(view: View, frame: Size, margin = 0): Box {
  const w = frame.width / view.k;
  const h = frame.height / view.k;
  const x0 = -view.x / view.k;
  const y0 = -view.y / view.k;
  return { x0: x0 - w * margin, y0: y0 - h * margin, x1: x0 + w * (1 + margin), y1: y0 + h * (1 + margin) };
}

/**
 * The whole layout in the frame (never above 1.2), centred; with `floor`, never below that zoom, so
 * a wide run opens readable from its left.
 */
export function fitView(layout: Size, frame: Size, o: { pad: number; floor?: number; minK: number; maxK: number }): View {
  const whole = Math.min(1.2, (frame.width - 2 * o.pad) / Math.max(1, layout.width), (frame.height - 2 * o.pad) / Math.max(1, layout.height));
  const k = Math.min(o.maxK, Math.max(o.minK, o.floor ?? 0, whole));
  return { k, x: Math.max(0, (frame.width - layout.width * k) / 2), y: Math.max(0, (frame.height - layout.height * k) / 2) };
}
