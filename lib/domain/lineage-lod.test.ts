import { describe, expect, it } from "vitest";
import { foldLineage, type LineageTrial } from "./lineage-clusters";
import { layoutLineage } from "./lineage-layout";
import { fitView, LineageIndex, levelOfDetail, viewBox, type LodOptions } from "./lineage-lod";

/** A random recursive tree of `n` trials (each the child of a recent one), as the bench's runs are, with a 12% failure rate. */
function randomRun(n: number, seed = 7): LineageTrial[] {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const out: LineageTrial[] = [];
  for (let i = 1; i <= n; i++) {
    const parent = i === 1 ? [] : [`t${Math.max(1, i - 1 - Math.floor(next() ** 2 * (i - 1)))}`];
    out.push({ id: `t${i}`, seq: i, parentIds: parent, failure: i > 2 && next() < 0.12 ? "crash" : null, isBest: false });
  }
  return out;
}

function indexOf(trials: LineageTrial[]) {
  const folded = foldLineage(trials);
  const layout = layoutLineage(folded);
  const index = new LineageIndex(folded.map((v) => ({ key: v.key, x: layout.byKey.get(v.key)!.x, y: layout.byKey.get(v.key)!.y, parentKeys: v.parentKeys })));
  return { folded, layout, index };
}

const FRAME = { width: 1280, height: 800 };
const options = (k: number, keep: Set<string> = new Set()): LodOptions => ({ budget: 1000, cell: 56 / k, keep, maxKept: 500, maxEdges: 4000 });

describe("levelOfDetail", () => {
  it("draws a small graph whole, every node and edge", () => {
    const { index } = indexOf(randomRun(300));
    const lod = levelOfDetail(index, { x0: 0, y0: 0, x1: 10, y1: 10 }, options(1));
    expect(lod.mode).toBe("all");
    expect(lod.nodeKeys).toHaveLength(index.size);
    expect(lod.edges).toHaveLength(index.all().reduce((n, v) => n + v.parentKeys.length, 0));
  });

  it("draws only the viewport of a large graph, node by node when it holds few", () => {
    const { index } = indexOf(randomRun(20_000));
    const view = { x: 0, y: 0, k: 1 };
    const box = viewBox(view, FRAME);
    const lod = levelOfDetail(index, box, options(1));
    expect(lod.mode).toBe("view");
    expect(lod.nodeKeys.length).toBe(index.all().filter((n) => n.x >= box.x0 && n.x <= box.x1 && n.y >= box.y0 && n.y <= box.y1).length);
    expect(lod.nodeKeys.length).toBeLessThan(index.size);
    // every edge has an end in the box
    const inBox = new Set(lod.nodeKeys);
    expect(lod.edges.every((e) => inBox.has(e.from) || inBox.has(e.to))).toBe(true);
  });

  it("folds a zoomed-out viewport into regions whose counts add up to the nodes in view", () => {
    const { index, layout } = indexOf(randomRun(20_000));
    const view = fitView(layout, FRAME, { pad: 16, minK: 1e-5, maxK: 3 });
    const lod = levelOfDetail(index, viewBox(view, FRAME), options(view.k));
    expect(lod.mode).toBe("regions");
    expect(lod.inView).toBe(index.size);
    const inRegions = lod.regions.reduce((n, r) => n + r.memberKeys.length, 0);
    expect(inRegions + lod.nodeKeys.length).toBe(index.size);
    const all = [...lod.nodeKeys, ...lod.regions.flatMap((r) => r.memberKeys)];
    expect(new Set(all).size).toBe(all.length); // each node once
  });

  it("keeps the path to the best and the focused neighbourhood as nodes when it folds", () => {
    const trials = randomRun(20_000);
    const { index, layout, folded } = indexOf(trials);
    // the path from the last trial up to the root, as far as it is drawn as trials
    const byId = new Map(trials.map((t) => [t.id, t]));
    const path: string[] = [];
    for (let t = byId.get("t20000"); t; t = byId.get(t.parentIds[0] ?? "")) path.push(`t:${t.id}`);
    const keep = new Set(path.filter((k) => index.byKey.has(k)));
    const focus = folded.find((v) => v.kind === "trial" && (index.children.get(v.key)?.length ?? 0) > 2)!;
    keep.add(focus.key);
    for (const c of index.children.get(focus.key)!) keep.add(c);
    const view = fitView(layout, FRAME, { pad: 16, minK: 1e-5, maxK: 3 });
    const lod = levelOfDetail(index, viewBox(view, FRAME), options(view.k, keep));
    expect(lod.mode).toBe("regions");
    const drawn = new Set(lod.nodeKeys);
    for (const k of keep) expect(drawn.has(k), k).toBe(true);
    const inRegions = new Set(lod.regions.flatMap((r) => r.memberKeys));
    for (const k of keep) expect(inRegions.has(k)).toBe(false);
  });

  it("answers within a bound that does not grow with the run", () => {
    const sizes = [20_000, 100_000].map((n) => {
      const { index, layout } = indexOf(randomRun(n));
      const fitted = fitView(layout, FRAME, { pad: 16, minK: 1e-5, maxK: 3 });
      const views = [fitted, { ...fitted, k: fitted.k * 8 }, { x: 0, y: 0, k: 0.3 }, { x: -layout.width * 0.15, y: -layout.height * 0.4, k: 0.05 }];
      return Math.max(
        ...views.map((v) => {
          const lod = levelOfDetail(index, viewBox(v, FRAME, 0.25), options(v.k));
          return lod.nodeKeys.length + lod.regions.length;
        }),
      );
    });
    // 56 px cells over a 1.5-times-wide 1280×800 box: at most 35 × 22 of them, plus kept nodes
    for (const drawn of sizes) expect(drawn).toBeLessThanOrEqual(1000 + 36 * 23);
  });
});

describe("fitView and viewBox", () => {
  it("fits the layout in the frame and the box of the fitted view holds it", () => {
    const layout = { width: 100_000, height: 5_000 };
    const v = fitView(layout, FRAME, { pad: 16, minK: 1e-5, maxK: 3 });
    const box = viewBox(v, FRAME);
    expect(box.x0).toBeLessThanOrEqual(0);
    expect(box.x1).toBeGreaterThanOrEqual(layout.width);
    expect(box.y1).toBeGreaterThanOrEqual(layout.height);
    expect(fitView(layout, FRAME, { pad: 16, floor: 0.3, minK: 1e-5, maxK: 3 }).k).toBe(0.3);
  });
});
