// Top-down layered layout of a lineage graph. A node's layer is one below its deepest parent, so
// every edge points down. Horizontally the graph is laid out as the tree of first parents (the diff
// base): leaves take consecutive columns in depth-first order and each parent sits over the middle
// of its children. Each subtree therefore owns a contiguous band of columns, so no two nodes of a
// layer can overlap, and a combination's extra parents are simply extra edges.

export type LayoutInput = { key: string; parentKeys: readonly string[] };
export type Placed = { key: string; x: number; y: number; layer: number };
export type Layout = { nodes: Placed[]; byKey: Map<string, Placed>; width: number; height: number };

export type LayoutOptions = { columnGap?: number; layerGap?: number; margin?: number };

/** Layers by longest path from a root, in one pass over a topological order (Kahn). */
function assignLayers(nodes: readonly LayoutInput[], known: Set<string>): Map<string, number> {
  const indegree = new Map<string, number>();
  const children = new Map<string, string[]>(nodes.map((n) => [n.key, []]));
  for (const n of nodes) {
    const parents = n.parentKeys.filter((p) => known.has(p));
    indegree.set(n.key, parents.length);
    for (const p of parents) children.get(p)!.push(n.key);
  }
  const layer = new Map<string, number>();
  const queue = nodes.filter((n) => indegree.get(n.key) === 0).map((n) => n.key);
  for (const k of queue) layer.set(k, 0);
  for (let i = 0; i < queue.length; i++) {
    const k = queue[i];
    for (const c of children.get(k)!) {
      layer.set(c, Math.max(layer.get(c) ?? 0, layer.get(k)! + 1));
      indegree.set(c, indegree.get(c)! - 1);
      if (indegree.get(c) === 0) queue.push(c);
    }
  }
  // A cycle cannot be stored, but a layout must never hang or drop a node: put leftovers at the top.
  for (const n of nodes) if (!layer.has(n.key)) layer.set(n.key, 0);
  return layer;
}

export function layoutLineage(nodes: readonly LayoutInput[], options: LayoutOptions = {}): Layout {
  const columnGap = options.columnGap ?? 56;
  const layerGap = options.layerGap ?? 64;
  const margin = options.margin ?? 32;
  const known = new Set(nodes.map((n) => n.key));
  const layer = assignLayers(nodes, known);

  // The tree of first parents; a node whose first parent is unknown is a root.
  const treeChildren = new Map<string, string[]>(nodes.map((n) => [n.key, []]));
  const roots: string[] = [];
  for (const n of nodes) {
    const first = n.parentKeys.find((p) => known.has(p));
    if (first) treeChildren.get(first)!.push(n.key);
    else roots.push(n.key);
  }

  // Post-order without recursion (a 5,000-deep chain would overflow the stack).
  const column = new Map<string, number>();
  let nextColumn = 0;
  const stack: { key: string; visited: boolean }[] = roots.reverse().map((key) => ({ key, visited: false }));
  while (stack.length > 0) {
    const top = stack.pop()!;
    const kids = treeChildren.get(top.key)!;
    if (!top.visited) {
      stack.push({ key: top.key, visited: true });
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ key: kids[i], visited: false });
      continue;
    }
    column.set(top.key, kids.length === 0 ? nextColumn++ : (column.get(kids[0])! + column.get(kids[kids.length - 1])!) / 2);
  }

  const placed: Placed[] = nodes.map((n) => ({
    key: n.key,
    layer: layer.get(n.key)!,
    x: margin + column.get(n.key)! * columnGap,
    y: margin + layer.get(n.key)! * layerGap,
  }));
  const maxLayer = placed.reduce((m, p) => Math.max(m, p.layer), 0);
  return {
    nodes: placed,
    byKey: new Map(placed.map((p) => [p.key, p])),
    width: margin * 2 + Math.max(0, nextColumn - 1) * columnGap,
    height: margin * 2 + maxLayer * layerGap,
  };
}
