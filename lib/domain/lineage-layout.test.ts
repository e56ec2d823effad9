import { describe, expect, it } from "vitest";
import { layoutLineage, type LayoutInput } from "./lineage-layout";

const n = (key: string, ...parentKeys: string[]): LayoutInput => ({ key, parentKeys });

function noOverlaps(nodes: ReturnType<typeof layoutLineage>["nodes"]) {
  const seen = new Set<string>();
  for (const p of nodes) {
    const spot = `${p.x},${p.y}`;
    expect(seen.has(spot), `two nodes at ${spot}`).toBe(false);
    seen.add(spot);
  }
}

describe("layoutLineage", () => {
  it("puts every child below all of its parents (a combination below its deepest parent)", () => {
    const { byKey } = layoutLineage([n("a"), n("b", "a"), n("c", "b"), n("d", "a"), n("m", "d", "c")]);
    expect(byKey.get("a")!.layer).toBe(0);
    expect(byKey.get("c")!.layer).toBe(2);
    expect(byKey.get("m")!.layer).toBe(3);
    for (const [child, parent] of [
      ["b", "a"],
      ["m", "c"],
      ["m", "d"],
    ]) {
      expect(byKey.get(child)!.y).toBeGreaterThan(byKey.get(parent)!.y);
    }
  });

  it("centres a parent over its children and keeps siblings apart", () => {
    const { byKey } = layoutLineage([n("a"), n("b", "a"), n("c", "a"), n("d", "a")], { columnGap: 10, margin: 0 });
    expect(byKey.get("b")!.x).toBe(0);
    expect(byKey.get("d")!.x).toBe(20);
    expect(byKey.get("a")!.x).toBe(10);
  });

  it("never places two nodes on the same spot, whatever the shape", () => {
    const nodes: LayoutInput[] = [n("r")];
    for (let i = 1; i < 300; i++) {
      const parents = [`${(i * 7919) % i}`].map((j) => (j === "0" ? "r" : `k${j}`));
      if (i % 11 === 0) parents.push(`k${Math.max(1, i - 3)}`);
      nodes.push(n(`k${i}`, ...new Set(parents)));
    }
    noOverlaps(layoutLineage(nodes).nodes);
  });

  it("lays out a 5,000-deep chain without recursion and reports the drawing size", () => {
    const nodes = Array.from({ length: 5000 }, (_, i) => (i === 0 ? n("c0") : n(`c${i}`, `c${i - 1}`)));
    const layout = layoutLineage(nodes, { layerGap: 10, margin: 5 });
    expect(layout.byKey.get("c4999")!.layer).toBe(4999);
    expect(layout.height).toBe(5 * 2 + 4999 * 10);
    expect(layout.width).toBe(10);
  });

  it("ignores parents it was not given and is deterministic", () => {
    const input = [n("x", "gone"), n("y", "x"), n("z", "x")];
    const a = layoutLineage(input);
    expect(a.byKey.get("x")!.layer).toBe(0);
    expect(layoutLineage(input).nodes).toEqual(a.nodes);
  });
});
