import { describe, expect, it } from "vitest";
import { clusterKey, foldLineage, trialKey, type LineageTrial } from "./lineage-clusters";

let seq = 0;
const t = (id: string, parentIds: string[] = [], extra: Partial<LineageTrial> = {}): LineageTrial => ({
  id,
  seq: ++seq,
  parentIds,
  failure: null,
  isBest: false,
  ...extra,
});

/** A chain root → c1 … cN → tip. */
function chain(n: number, prefix = "c"): LineageTrial[] {
  const out = [t("root")];
  for (let i = 1; i <= n; i++) out.push(t(`${prefix}${i}`, [i === 1 ? "root" : `${prefix}${i - 1}`]));
  out.push(t("tip", [`${prefix}${n}`]));
  return out;
}

describe("foldLineage", () => {
  it("leaves a small graph as it is", () => {
    const nodes = foldLineage([t("a"), t("b", ["a"]), t("c", ["a"]), t("d", ["b", "c"])]);
    expect(nodes.map((n) => n.key)).toEqual(["t:a", "t:b", "t:c", "t:d"]);
    expect(nodes[3].parentKeys).toEqual(["t:b", "t:c"]);
  });

  it("folds the failed leaves of one parent into a counted cluster with its labels", () => {
    const nodes = foldLineage([
      t("a"),
      t("f1", ["a"], { failure: "crash" }),
      t("ok", ["a"]),
      t("f2", ["a"], { failure: "crash" }),
      t("f3", ["a"], { failure: "gate_miss" }),
    ]);
    const cluster = nodes.find((n) => n.kind === "cluster")!;
    expect(cluster).toMatchObject({ key: clusterKey("failed", "a"), clusterKind: "failed", memberIds: ["f1", "f2", "f3"], parentKeys: ["t:a"] });
    expect(cluster.kind === "cluster" && cluster.labels).toEqual({ crash: 2, gate_miss: 1 });
    expect(nodes.map((n) => n.key)).toEqual(["t:a", clusterKey("failed", "a"), "t:ok"]);
  });

  it("does not fold a single failed leaf, nor a failed trial that has children", () => {
    const nodes = foldLineage([t("a"), t("f1", ["a"], { failure: "crash" }), t("f2", ["a"], { failure: "crash" }), t("x", ["f2"])]);
    expect(nodes.every((n) => n.kind === "trial")).toBe(true);
  });

  it("opens a failed cluster on request", () => {
    const trials = [t("a"), t("f1", ["a"], { failure: "crash" }), t("f2", ["a"], { failure: "crash" })];
    const nodes = foldLineage(trials, { expanded: new Set([clusterKey("failed", "a")]) });
    expect(nodes.map((n) => n.key)).toEqual(["t:a", "t:f1", "t:f2"]);
  });

  it("folds a long linear chain, keeping its ends, and redirects edges through the cluster", () => {
    const nodes = foldLineage(chain(20));
    expect(nodes.map((n) => n.key)).toEqual(["t:root", clusterKey("chain", "c1"), "t:tip"]);
    const cluster = nodes[1];
    expect(cluster.kind === "cluster" && cluster.memberIds.length).toBe(20);
    expect(cluster.parentKeys).toEqual(["t:root"]);
    expect(nodes[2].parentKeys).toEqual([clusterKey("chain", "c1")]);
  });

  it("keeps short chains and never folds kept trials", () => {
    expect(foldLineage(chain(4)).every((n) => n.kind === "trial")).toBe(true);
    const nodes = foldLineage(chain(20), { keep: new Set(["c10"]) });
    expect(nodes.map((n) => n.key)).toEqual(["t:root", clusterKey("chain", "c1"), "t:c10", clusterKey("chain", "c11"), "t:tip"]);
  });

  it("opens a chain a chunk at a time", () => {
    const trials = chain(120);
    const once = foldLineage(trials, { expanded: new Set([clusterKey("chain", "c1")]), chainChunk: 50 });
    expect(once.filter((n) => n.kind === "trial")).toHaveLength(52);
    expect(once.find((n) => n.kind === "cluster")).toMatchObject({ key: clusterKey("chain", "c51") });
    expect(once.find((n) => n.kind === "cluster")!.parentKeys).toEqual([trialKey("c50")]);
    const twice = foldLineage(trials, { expanded: new Set([clusterKey("chain", "c1"), clusterKey("chain", "c51")]), chainChunk: 50 });
    expect(twice.find((n) => n.kind === "cluster")).toMatchObject({ key: clusterKey("chain", "c101") });
  });

  it("folds the plain leaves of a very wide parent but keeps new bests visible", () => {
    const trials = [t("a"), ...Array.from({ length: 30 }, (_, i) => t(`l${i}`, ["a"], { isBest: i === 7 }))];
    const nodes = foldLineage(trials, { maxLeaves: 12 });
    expect(nodes.map((n) => n.key)).toEqual(["t:a", clusterKey("leaves", "a"), "t:l7"]);
  });

  it("stays fast and small at 5,000 trials with a deep chain and many failed leaves", () => {
    const trials: LineageTrial[] = [t("r")];
    for (let i = 1; i < 3000; i++) trials.push(t(`d${i}`, [i === 1 ? "r" : `d${i - 1}`]));
    for (let i = 0; i < 2000; i++) trials.push(t(`f${i}`, [`d${1 + (i % 40) * 70}`], { failure: i % 2 ? "crash" : "budget_overrun" }));
    const nodes = foldLineage(trials);
    expect(nodes.length).toBeLessThan(200);
    const members = nodes.reduce((s, n) => s + (n.kind === "cluster" ? n.memberIds.length : 1), 0);
    expect(members).toBe(5000);
  });
});

describe("foldLineage with failures along a chain", () => {
  it("folds failed leaves hanging off a chain into the chain, and shows them again when it opens", () => {
    const trials = chain(10);
    trials.push(t("fa", ["c3"], { failure: "crash" }), t("fb", ["c3"], { failure: "gate_miss" }), t("fc", ["c7"], { failure: "crash" }));
    const nodes = foldLineage(trials);
    expect(nodes.map((n) => n.key)).toEqual(["t:root", clusterKey("chain", "c1"), "t:tip"]);
    const cluster = nodes[1];
    expect(cluster.kind === "cluster" && cluster.memberIds).toHaveLength(13);
    expect(cluster.kind === "cluster" && cluster.labels).toEqual({ evaluated: 10, crash: 2, gate_miss: 1 });
    const opened = foldLineage(trials, { expanded: new Set([clusterKey("chain", "c1")]) });
    expect(opened.find((n) => n.key === clusterKey("failed", "c3"))).toMatchObject({ memberIds: ["fa", "fb"], parentKeys: ["t:c3"] });
    expect(opened.find((n) => n.key === "t:fc")).toMatchObject({ parentKeys: ["t:c7"] });
  });
});
