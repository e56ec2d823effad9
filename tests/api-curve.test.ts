// The run page's data through the real server: the downsampled score curve, the per-agent
// breakdown, and the trials list's kept / new-best filters and its Δ-vs-parent order.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRun, toJsonlLines } from "./support/run-fixture";
import { postTrace, startServer, type TestServer } from "./support/server";
import { tempDir } from "./support/temp-db";

let server: TestServer;
let dir: ReturnType<typeof tempDir>;
const fx = buildRun({ taskId: "curve-task", runId: "big", trials: 3000 });
const trials = fx.records.filter((r) => r.type === "trial") as any[];
const newBestIds = trials.filter((t) => t.kept).map((t) => t.id);
const get = async (path: string) => {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, body: (await res.json()) as any };
};

beforeAll(async () => {
  dir = tempDir();
  server = await startServer(join(dir.dir, "curve.db"));
  expect((await postTrace(server.url, toJsonlLines(fx.records))).status).toBe(201);
});
afterAll(async () => {
  await server?.stop();
  dir?.cleanup();
});

describe("GET /api/runs/:id/curve", () => {
  it("sends at most 2,000 points of a 3,000-trial run, keeping the whole frontier", async () => {
    const { status, body } = await get("/api/runs/big/curve");
    expect(status).toBe(200);
    expect(body.evaluated).toBe(3000);
    expect(body.downsampled).toBe(true);
    expect(body.points.length).toBeLessThanOrEqual(2000);
    expect(body.points.filter((p: any) => p.newBest).map((p: any) => p.id)).toEqual(newBestIds);
    const seqs = body.points.map((p: any) => p.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(body.metric).toMatchObject({ name: "val_bpb", direction: "minimize" });
    expect(body.hasTime).toBe(true);
    const first = body.points[0];
    expect(first).toMatchObject({ seq: 1, t: 60, score: 3, newBest: true, hypothesis: "baseline" });
    const failed = body.points.filter((p: any) => p.failure);
    expect(new Set(failed.map((p: any) => p.failure))).toEqual(new Set(["crash", "budget_overrun", "gate_miss", "illegal_edit"]));
    expect(failed.every((p: any) => p.score === null)).toBe(true);
  });

  it("honours a smaller budget than the new bests: at most that many points, new bests spread over the run, the best among them", async () => {
    expect(newBestIds.length).toBeGreaterThan(100);
    const { body } = await get("/api/runs/big/curve?max=100");
    expect(body.points.length).toBeLessThanOrEqual(100);
    expect(body.points.length).toBeGreaterThan(90);
    expect(body.points.slice(1, -1).every((p: any) => p.newBest)).toBe(true);
    expect(body.points.map((p: any) => p.id)).toContain(newBestIds.at(-1));
    expect(body.points.at(-1).seq).toBe(trials.length);
  });

  it("refuses bad queries by name and answers 404 for an unknown run", async () => {
    const bad = await get("/api/runs/big/curve?max=lots");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("max");
    expect((await get("/api/runs/big/curve?max=5000")).status).toBe(400);
    expect((await get("/api/runs/big/curve?zoom=2")).status).toBe(400);
    expect((await get("/api/runs/nope/curve")).status).toBe(404);
  });
});

describe("GET /api/runs/:id/agents", () => {
  it("breaks the run down per agent, with improvement shares and prediction quality", async () => {
    const { status, body } = await get("/api/runs/big/agents");
    expect(status).toBe(200);
    const byId = new Map(body.agents.map((a: any) => [a.agentId, a]));
    for (const ag of fx.agents) {
      const mine = trials.filter((t) => t.agentId === ag.id);
      const a: any = byId.get(ag.id);
      expect(a.name).toBe(ag.name);
      expect(a.trials).toBe(mine.length);
      expect(a.newBests).toBe(mine.filter((t) => t.kept).length);
      const fails: Record<string, number> = {};
      for (const t of mine) if (t.failure) fails[t.failure] = (fails[t.failure] ?? 0) + 1;
      expect(a.failures).toEqual(fails);
      expect(a.bestScore).toBe(Math.min(...mine.filter((t) => t.score != null).map((t) => t.score)));
    }
    const shares = body.agents.map((a: any) => a.improvementShare ?? 0);
    expect(shares.reduce((s: number, x: number) => s + x, 0)).toBeCloseTo(1, 9);

    // predictions: the fixture's last agent never predicts; the others do, on every trial
    const last: any = byId.get(fx.agents[fx.agents.length - 1].id);
    expect(last.predictions).toBeNull();
    const first: any = byId.get(fx.agents[0].id);
    const score = new Map(trials.map((t) => [t.id, t.score]));
    const measured = trials.filter((t) => t.agentId === fx.agents[0].id && t.score != null);
    const errors = measured.map((t) => Math.abs(t.expectedDelta - (t.score - score.get(t.parentIds[0]))));
    const agreed = measured.filter((t) => Math.sign(t.expectedDelta) === Math.sign(t.score - score.get(t.parentIds[0]))).length;
    expect(first.predictions.count).toBe(measured.length);
    expect(first.predictions.signAgreement).toBeCloseTo(agreed / measured.length, 9);
    expect(first.predictions.meanAbsError).toBeCloseTo(errors.reduce((s, e) => s + e, 0) / errors.length, 9);
  });

  it("counts failure labels per window of trials", async () => {
    const { body } = await get("/api/runs/big/agents");
    const w = body.failureWindows;
    expect(w.windows.reduce((s: number, x: any) => s + x.evaluated, 0)).toBe(3000);
    const crashes = w.windows.reduce((s: number, x: any) => s + (x.failures.crash ?? 0), 0);
    expect(crashes).toBe(trials.filter((t) => t.failure === "crash").length);
    expect(w.windows.length).toBeLessThanOrEqual(40);
    expect(body.time.computeSeconds).toBe(trials.reduce((s, t) => s + t.wallclockSeconds, 0));
    expect((await get("/api/runs/nope/agents")).status).toBe(404);
  });
});

describe("trials list: kept, new best and Δ vs parent", () => {
  const pageAll = async (query: string) => {
    const items: any[] = [];
    let cursor: string | null = null;
    do {
      const { status, body } = await get(`/api/runs/big/trials?limit=500&${query}${cursor ? `&cursor=${cursor}` : ""}`);
      expect(status).toBe(200);
      items.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    return items;
  };

  it("filters kept trials and new bests", async () => {
    const kept = await pageAll("kept=true");
    expect(kept.map((t) => t.id)).toEqual(trials.filter((t) => t.kept).map((t) => t.id));
    const best = await pageAll("best=true&agent=big-ag1");
    expect(best.map((t) => t.id)).toEqual(trials.filter((t) => t.kept && t.agentId === "big-ag1").map((t) => t.id));
    expect((await get("/api/runs/big/trials?kept=perhaps")).status).toBe(400);
  });

  it("sorts by Δ vs parent, best first, trials without one last, every trial once", async () => {
    const all = await pageAll("sort=delta");
    expect(all).toHaveLength(3000);
    expect(new Set(all.map((t) => t.id)).size).toBe(3000);
    const withDelta = all.filter((t) => t.deltaVsParent !== null);
    const deltas = withDelta.map((t) => t.deltaVsParent);
    expect(deltas).toEqual([...deltas].sort((a, b) => a - b)); // minimize: most negative first
    expect(all.slice(withDelta.length).every((t) => t.deltaVsParent === null)).toBe(true);
    const t = trials.find((x) => x.seq === 2 && x.score != null);
    if (t) expect(all.find((x) => x.id === t.id).deltaVsParent).toBeCloseTo(t.score - 3, 9);
    const scoreCursor = (await get("/api/runs/big/trials?sort=score&limit=5")).body.nextCursor;
    expect((await get(`/api/runs/big/trials?sort=delta&cursor=${scoreCursor}`)).status).toBe(400);
  });
});
