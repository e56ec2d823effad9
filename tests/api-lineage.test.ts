// The lineage graph, ancestry, trial comparison, raw diffs and run comparison, through the real
// HTTP server on a temporary database; and one trial's chain status against a hand-edited row.
import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getTrialChainStatus } from "../lib/services/trial-chain-status";
import { openDatabase } from "../db/client";
import { bigRun, controlRun, diffOf, lineageRun } from "./support/lineage-traces";
import { postTrace, startServer, type TestServer } from "./support/server";
import { MIGRATIONS, tempDir } from "./support/temp-db";
import { run, task, toJsonl, trial } from "./support/traces";

/** Trials of the large run: more nodes than an answer draws one by one. */
const TREE = 6000;
let server: TestServer;
let dir: ReturnType<typeof tempDir>;
let dbPath: string;
const get = async (path: string) => {
  const res = await fetch(`${server.url}${path}`);
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // plain text answers stay text
  }
  return { status: res.status, body, headers: res.headers };
};

beforeAll(async () => {
  dir = tempDir();
  dbPath = join(dir.dir, "lineage.db");
  server = await startServer(dbPath);
  const records = [...lineageRun(), ...controlRun(), ...bigRun("deep", 3000, 0)];
  records.push(
    task("lineage-other"),
    { schema: "lineage-trace/1", type: "run", id: "elsewhere", taskId: "lineage-other", name: "Elsewhere" },
    ...wideTree("tree", TREE),
  );
  expect((await postTrace(server.url, toJsonl(records))).status).toBe(201);
});
afterAll(async () => {
  await server?.stop();
  dir?.cleanup();
});

/** A random recursive tree of `n` trials (each the child of a recent one, one in eight failed), as a long run grows. */
function wideTree(runId: string, n: number): Record<string, unknown>[] {
  let s = 11;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const records: Record<string, unknown>[] = [run(runId, "lineage-other", { name: `Tree ${runId}` })];
  for (let i = 1; i <= n; i++) {
    const parent = i === 1 ? [] : [`${runId}-${Math.max(1, i - 1 - Math.floor(next() ** 2 * (i - 1)))}`];
    const failed = i > 1 && next() < 0.12;
    records.push(trial(`${runId}-${i}`, { runId, parentIds: parent, ...(failed ? { failure: "crash" } : { score: 3 - i * 1e-5 }) }));
  }
  return records;
}

const lineage = (runId: string, q: Record<string, string | number> = {}) =>
  get(`/api/runs/${runId}/lineage?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]))}`);

describe("GET /api/runs/:id/lineage", () => {
  it("answers a small run whole: folded nodes with positions, outcome and a short hypothesis, the best's path", async () => {
    const { status, body } = await lineage("lin");
    expect(status).toBe(200);
    expect(body).toMatchObject({ mode: "all", totals: { trials: 19, nodes: 7, clusters: 1, lastSeq: 19 }, bestTrialId: "m1", baselineTrialId: "b0" });
    expect(body.nodes).toHaveLength(7);
    const m1 = body.nodes.find((n: any) => n.id === "m1");
    expect(m1).toMatchObject({
      kind: "trial",
      key: "t:m1",
      seq: 18,
      agentId: "lin-arch",
      status: "evaluated",
      score: 1.85,
      failure: null,
      isBest: true,
      hypothesis: "combine the tuned optimizer with the narrower model",
      onBestPath: true,
    });
    expect(body.best).toMatchObject({ key: "t:m1", seq: 18, x: m1.x, y: m1.y });
    const chain = body.nodes.find((n: any) => n.kind === "cluster");
    expect(chain).toMatchObject({ clusterKind: "chain", count: 13, labels: { evaluated: 9, crash: 2, budget_overrun: 1, gate_miss: 1 }, onBestPath: true });
    // m1 combines x2 and c10: two parent edges into it, both on the path to the best
    expect(body.edges.filter((e: any) => e.to === "t:m1")).toHaveLength(2);
    expect(body.edges.filter((e: any) => e.to === "t:m1").every((e: any) => e.best)).toBe(true);
    expect(body).toMatchObject({ contextEdges: null, metric: { direction: "minimize" } });
    expect(body.agents.map((a: any) => a.name)).toEqual(["optimizer", "architecture"]);
  });

  it("opens the clusters asked for, and adds the context edges of the trials drawn", async () => {
    const first = await lineage("lin");
    const chainKey = first.body.nodes.find((n: any) => n.kind === "cluster").key;
    const opened = await lineage("lin", { open: JSON.stringify([chainKey]), context: "true" });
    expect(opened.body.totals.nodes).toBeGreaterThan(7);
    const failedKey = opened.body.nodes.find((n: any) => n.clusterKind === "failed").key;
    const all = await lineage("lin", { open: JSON.stringify([chainKey, failedKey]), context: "true", focus: 18 });
    expect(all.body.totals).toMatchObject({ nodes: 19, clusters: 0 });
    expect(all.body.focusTrial).toEqual({ id: "m1", seq: 18 });
    expect(all.body.contextEdges.filter((c: any) => c.trialId === "m1").map((c: any) => c.from)).toEqual(["t:c10", "t:x2", "t:f1"]);
    // folded again, f1's edge starts at the chain that holds it
    expect(first.body.contextEdges).toBeNull();
    const folded = await lineage("lin", { context: "true" });
    expect(folded.body.contextEdges.filter((c: any) => c.trialId === "m1").map((c: any) => c.from)).toContain(chainKey);
    expect(folded.body.contextTruncated).toBe(false);
  });

  it("cuts long hypotheses to a hover-card head, and shows a trial added after the run was drawn", async () => {
    const before = await lineage("ctl");
    expect(before.body.nodes.find((t: any) => t.id === "long-h")).toBeUndefined();
    const S = "lineage-trace/1";
    await postTrace(
      server.url,
      toJsonl([{ schema: S, type: "trial", id: "long-h", runId: "ctl", parentIds: ["ctl-4"], hypothesis: "h".repeat(5000), score: 2 }]),
    );
    const { body } = await lineage("ctl");
    expect(body.nodes.find((t: any) => t.id === "long-h").hypothesis).toHaveLength(120);
  });

  it("stays bounded on a large run: the viewport only, folded into counted regions when zoomed out", async () => {
    const first = await lineage("tree", { w: 1280, h: 800 });
    expect(first.body.totals.trials).toBe(TREE);
    expect(first.body.totals.nodes).toBeGreaterThan(1000);
    expect(first.body.view.k).toBe(0.3);
    expect(first.body.mode).toBe("view");
    expect(first.body.nodes.length).toBeLessThanOrEqual(1000);
    expect(first.body.nodes.length).toBe(first.body.inView);

    // Fitted, the whole graph is in view: each trial is counted once, as a node, in a cluster or in a region.
    const { width, height } = first.body;
    const k = Math.min((1280 - 32) / width, (800 - 32) / height);
    const res = await fetch(`${server.url}/api/runs/tree/lineage?w=1280&h=800&x=16&y=16&k=${k}&focus=500`);
    const text = await res.text();
    const fitted = JSON.parse(text);
    expect(fitted.mode).toBe("regions");
    expect(fitted.inView).toBe(fitted.totals.nodes);
    const trials = fitted.nodes.reduce((n: number, v: any) => n + (v.kind === "trial" ? 1 : v.count), 0);
    expect(trials).toBe(TREE);
    expect(fitted.nodes.length).toBeLessThan(1000);
    expect(text.length).toBeLessThan(400_000);
    // the path to the best and the trial in focus stay trials
    const drawn = new Set(fitted.nodes.filter((v: any) => v.kind === "trial").map((v: any) => v.id));
    expect(drawn.has(fitted.bestTrialId)).toBe(true);
    expect(drawn.has("tree-500")).toBe(true);
    expect(fitted.nodes.filter((v: any) => v.onBestPath).length).toBeGreaterThan(3);
  });

  it("refuses an unknown run and a malformed query", async () => {
    expect(await get("/api/runs/nope/lineage")).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    const bad = await get("/api/runs/lin/lineage?context=maybe");
    expect(bad.status).toBe(400);
    expect(bad.body.error.path).toEqual(["context"]);
    expect((await get("/api/runs/lin/lineage?zoom=2")).status).toBe(400);
    expect((await get("/api/runs/lin/lineage?x=1&y=2")).body.error.path).toEqual(["k"]);
    expect((await get("/api/runs/lin/lineage?open=c:chain:c1")).body.error.path).toEqual(["open"]);
    expect((await get("/api/runs/lin/lineage?w=10")).body.error.path).toEqual(["w"]);
  });
});

describe("GET /api/trials/:id/ancestors", () => {
  it("walks a 3,000-deep chain to its root", async () => {
    const { status, body } = await get("/api/trials/deep-d2999/ancestors");
    expect(status).toBe(200);
    expect(body.items).toHaveLength(3000);
    expect(body.items[0]).toBe("deep-d2999");
    expect(body.items).toContain("deep-d0");
  });

  it("follows a trial added after its run's ancestry was read", async () => {
    expect((await get("/api/trials/deep-d2999/ancestors")).body.items).toHaveLength(3000);
    await postTrace(server.url, toJsonl([trial("deep-d3000", { runId: "deep", parentIds: ["deep-d2999"], score: 2.5 })]));
    const { body } = await get("/api/trials/deep-d3000/ancestors");
    expect(body.items).toHaveLength(3001);
    expect(body.items.slice(0, 2)).toEqual(["deep-d3000", "deep-d2999"]);
  });

  it("visits a combination's shared ancestors once", async () => {
    const { body } = await get("/api/trials/m1/ancestors");
    expect(body.items).toHaveLength(14);
    expect(new Set(body.items).size).toBe(14);
    expect((await get("/api/trials/nope/ancestors")).status).toBe(404);
  });
});

describe("GET /api/trials/:id/compare", () => {
  it("diffs two trials' diffs, by id or by seq", async () => {
    const byId = await get("/api/trials/c2/compare?with=x2");
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({ trial: { id: "c2", seq: 3 }, other: { id: "x2", seq: 17 }, identical: false, timedOut: false });
    expect(byId.body.patch).toContain("--- trial-3.diff");
    expect(byId.body.patch).toContain("+++ trial-17.diff");
    expect(byId.body.patch).toContain("-+    return lr * 2");
    expect(byId.body.patch).toContain("++    return 384");
    const bySeq = await get("/api/trials/c2/compare?seq=17");
    expect(bySeq.body).toEqual(byId.body);
  });

  it("says when two diffs are the same", async () => {
    const { body } = await get("/api/trials/c1/compare?with=c1");
    expect(body).toMatchObject({ identical: true, patch: "" });
  });

  it("refuses a trial of another run, unknown trials and an ambiguous query", async () => {
    const other = await get("/api/trials/c1/compare?with=ctl-1");
    expect(other.status).toBe(400);
    expect(other.body.error.message).toContain("another run");
    expect((await get("/api/trials/c1/compare?with=nope")).status).toBe(404);
    expect((await get("/api/trials/c1/compare?seq=999")).status).toBe(404);
    expect((await get("/api/trials/nope/compare?with=c1")).status).toBe(404);
    expect((await get("/api/trials/c1/compare")).status).toBe(400);
    expect((await get("/api/trials/c1/compare?with=c2&seq=2")).status).toBe(400);
    expect((await get("/api/trials/c1/compare?seq=zero")).body.error.path).toEqual(["seq"]);
  });
});

describe("GET /api/trials/:id/diff", () => {
  it("serves the diff exactly, as plain text that a browser will not sniff as HTML", async () => {
    const res = await get("/api/trials/c4/diff");
    expect(res.status).toBe(200);
    expect(res.body).toBe(diffOf("train/optim.py", "lr * 3", "lr * 4"));
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await get("/api/trials/b0/diff")).body).toBe("");
    expect((await get("/api/trials/nope/diff")).status).toBe(404);
  });
});

describe("GET /api/compare", () => {
  it("overlays runs of one task with best-so-far in % and the headline figures", async () => {
    const { status, body } = await get("/api/compare?runs=lin,ctl");
    expect(status).toBe(200);
    expect(body.task).toMatchObject({ id: "lineage-golf", metric: { direction: "minimize" } });
    const [lin, ctl] = body.runs;
    expect(lin).toMatchObject({
      id: "lin",
      feedback: "lineage",
      trialsToBest: 18,
      summary: { bestScore: 1.85, failures: { crash: 2, budget_overrun: 1, gate_miss: 1 } },
    });
    expect(ctl).toMatchObject({ id: "ctl", feedback: "none", kind: "control", trialsToBest: 4, summary: { bestScore: 1.96, failures: { crash: 1 } } });
    expect(ctl.frontier.points.map((p: any) => p.seq)).toEqual([1, 2, 4, 6]);
    expect(ctl.frontier.points.at(-1).pct).toBeCloseTo(2, 10);
    // most trials carry times, so the arm is drawn by time too (untimed ones sit at the time before them)
    expect(lin.frontier.points[0]).toMatchObject({ seq: 1, t: 60, pct: 0 });
    expect(lin.frontier.points.at(-1).pct).toBeCloseTo(7.5, 10);
    expect(lin.frontier.hasTime).toBe(true);
    expect(body.candidates.map((c: any) => c.id).sort()).toEqual(["ctl", "deep", "lin"]);
  });

  it("refuses runs of different tasks, unknown runs and an empty list", async () => {
    const mixed = await get("/api/compare?runs=lin,elsewhere");
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.message).toContain("another task");
    expect((await get("/api/compare?runs=lin,nope")).status).toBe(404);
    expect((await get("/api/compare?runs=,")).status).toBe(400);
    expect((await get("/api/compare")).status).toBe(400);
  });
});

describe("a trial's chain status", () => {
  it("holds for a stored trial and names a hand edit", () => {
    const db = openDatabase(dbPath, { migrationsFolder: MIGRATIONS });
    try {
      expect(getTrialChainStatus(db, "c5")).toMatchObject({ state: "intact", previousTrialId: "c4" });
      expect(getTrialChainStatus(db, "p1")).toMatchObject({ state: "unsealed" });
      const raw = new Database(dbPath);
      raw.exec("DROP TRIGGER trials_outcome_immutable");
      raw.prepare("UPDATE trials SET score = 1.5 WHERE id = 'c5'").run();
      raw.prepare("UPDATE trials SET prev_hash = ? WHERE id = 'c6'").run("1".repeat(64));
      raw.close();
      expect(getTrialChainStatus(db, "c5")).toMatchObject({ state: "hash_mismatch" });
      expect(getTrialChainStatus(db, "c6").state).not.toBe("intact");
      expect(getTrialChainStatus(db, "c7")).toMatchObject({ state: "intact" });
    } finally {
      db.$client.close();
    }
  });
});
