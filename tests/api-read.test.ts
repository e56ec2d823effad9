// Reading through the API: lists with summaries, keyset pages, a trial in full, export that
// re-imports unchanged, and chain verification that names where a hand-edited row breaks it.
import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postTrace, startServer, type TestServer } from "./support/server";
import { tempDir } from "./support/temp-db";
import { smallTrace, task, toJsonl, trial } from "./support/traces";

let server: TestServer;
let dir: ReturnType<typeof tempDir>;
let dbPath: string;
const get = async (path: string) => {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, body: (await res.json()) as any };
};

/** 60 more trials on run-1 alternating agents, with a failure every 7th, scores falling slowly. */
function moreTrials() {
  return Array.from({ length: 60 }, (_, i) => {
    const failed = i % 7 === 6;
    return trial(`m${i}`, {
      parentIds: ["t1"],
      agentId: i % 2 ? "a-opt" : "a-arch",
      hypothesis: i === 13 ? "try the MUON optimizer" : `change ${i}`,
      ...(failed ? { failure: "budget_overrun" } : { score: 1.4 - i * 0.001 }),
    });
  });
}

beforeAll(async () => {
  dir = tempDir();
  dbPath = join(dir.dir, "read.db");
  server = await startServer(dbPath);
  expect((await postTrace(server.url, toJsonl([...smallTrace(), ...moreTrials()]))).status).toBe(201);
});
afterAll(async () => {
  await server?.stop();
  dir?.cleanup();
});

describe("lists", () => {
  it("lists tasks and runs with direction-aware summaries", async () => {
    const tasks = await get("/api/tasks");
    expect(tasks.body.items).toMatchObject([{ id: "golf", runCount: 1, metric: { direction: "minimize" } }]);
    const runs = await get("/api/runs");
    const s = runs.body.items[0].summary;
    expect(s).toMatchObject({ trialCount: 64, keptCount: 1, baselineScore: 1.5, failures: { crash: 1, budget_overrun: 8 } });
    expect(s.bestScore).toBeCloseTo(1.4 - 59 * 0.001, 10);
    expect(s.improvementPct).toBeCloseTo(((1.5 - s.bestScore) / 1.5) * 100, 10);
    expect(typeof s.lastActivityAt).toBe("string");
  });

  it("gives a maximize run a positive improvement when the score rises", async () => {
    const S = "lineage-trace/1";
    await postTrace(
      server.url,
      toJsonl([
        task("chat", { metric: { name: "core", direction: "maximize" } }),
        { schema: S, type: "run", id: "max-run", taskId: "chat", name: "Max" },
        trial("x0", { runId: "max-run", parentIds: [], score: 0.2 }),
        trial("x1", { runId: "max-run", parentIds: ["x0"], score: 0.25 }),
        trial("x2", { runId: "max-run", parentIds: ["x1"], score: 0.22 }),
      ]),
    );
    const runs = await get("/api/runs?task=chat");
    expect(runs.body.items).toHaveLength(1);
    expect(runs.body.items[0].summary.bestScore).toBe(0.25);
    expect(runs.body.items[0].summary.improvementPct).toBeCloseTo(25, 10);
  });

  it("shows a run with its task, agents and summary", async () => {
    const r = await get("/api/runs/run-1");
    expect(r.body.task.id).toBe("golf");
    expect(r.body.agents.map((a: any) => a.id)).toEqual(["a-opt", "a-arch"]);
    expect(r.body.summary.trialCount).toBe(64);
    expect((await get("/api/runs/nope")).status).toBe(404);
  });
});

describe("trials list", () => {
  it("pages through every trial in seq order with a cursor, items light", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await get(`/api/runs/run-1/trials?limit=25${cursor ? `&cursor=${cursor}` : ""}`);
      for (const item of page.body.items) {
        expect(item).not.toHaveProperty("diff");
        expect(item).not.toHaveProperty("log");
        seen.push(item.id);
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(64);
    expect(seen.slice(0, 4)).toEqual(["t0", "t1", "t2", "t3"]);
    const first = (await get("/api/runs/run-1/trials?limit=4")).body.items;
    expect(first[3]).toMatchObject({ id: "t3", seq: 4, parentIds: ["t1", "t0"], agentId: "a-arch", score: 1.45, isBest: false });
    expect(first[1]).toMatchObject({ id: "t1", kept: true, isBest: true });
  });

  it("sorts by score best first, then the unscored trials, across pages", async () => {
    const ids: string[] = [];
    const scores: (number | null)[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await get(`/api/runs/run-1/trials?sort=score&limit=20${cursor ? `&cursor=${cursor}` : ""}`);
      for (const i of page.body.items) (ids.push(i.id), scores.push(i.score));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(ids).toHaveLength(64);
    expect(new Set(ids).size).toBe(64);
    const scored = scores.filter((s) => s !== null) as number[];
    expect(scored).toEqual([...scored].sort((a, b) => a - b));
    expect(scores.slice(scored.length).every((s) => s === null)).toBe(true);
  });

  it("filters by agent, failure label, status and text", async () => {
    const byAgent = (await get("/api/runs/run-1/trials?agent=a-opt&limit=500")).body.items;
    expect(byAgent.every((i: any) => i.agentId === "a-opt")).toBe(true);
    expect(byAgent).toHaveLength(31);
    const failed = (await get("/api/runs/run-1/trials?failure=budget_overrun")).body.items;
    expect(failed).toHaveLength(8);
    expect((await get("/api/runs/run-1/trials?failure=any")).body.items).toHaveLength(9);
    expect((await get("/api/runs/run-1/trials?q=muon")).body.items.map((i: any) => i.id)).toEqual(["m13"]);
    expect((await get("/api/runs/run-1/trials?q=%25")).body.items).toHaveLength(0);
    expect((await get("/api/runs/run-1/trials?status=proposed")).body.items).toHaveLength(0);
  });

  it("refuses bad queries with the parameter named", async () => {
    const bad = await get("/api/runs/run-1/trials?limit=100000");
    expect(bad.status).toBe(400);
    expect(bad.body.error.path).toEqual(["limit"]);
    expect((await get("/api/runs/run-1/trials?sort=random")).body.error.path).toEqual(["sort"]);
    expect((await get("/api/runs/run-1/trials?cursor=garbage")).body.error.path).toEqual(["cursor"]);
    expect((await get("/api/runs/run-1/trials?failure=nope")).status).toBe(400);
  });
});

it("shows a trial in full with parents, children and context refs", async () => {
  const t = (await get("/api/trials/t1")).body;
  expect(t.diff).toContain("+b");
  expect(t.parents.map((p: any) => p.id)).toEqual(["t0"]);
  expect(t.children.map((c: any) => c.id).slice(0, 2)).toEqual(["t3", "m0"]);
  const t3 = (await get("/api/trials/t3")).body;
  expect(t3.parentIds).toEqual(["t1", "t0"]);
  expect(t3.contextRefTrials.map((c: any) => c.id)).toEqual(["t1", "t2"]);
  expect(t3.hash).toMatch(/^[0-9a-f]{64}$/);
  expect((await get("/api/trials/none")).status).toBe(404);
});

it("exports a run that re-imports unchanged into an empty database", async () => {
  const exported = await (await fetch(`${server.url}/api/runs/run-1/trace`)).text();
  expect(exported.split("\n").filter(Boolean)).toHaveLength(1 + 1 + 2 + 64 + 1 + 1);
  const other = tempDir();
  const second = await startServer(join(other.dir, "copy.db"));
  try {
    expect((await postTrace(second.url, exported)).status).toBe(201);
    const again = await (await fetch(`${second.url}/api/runs/run-1/trace`)).text();
    expect(again).toBe(exported);
    expect((await (await fetch(`${second.url}/api/runs/run-1/verify`)).json()).intact).toBe(true);
  } finally {
    await second.stop();
    other.cleanup();
  }
});

it("refuses an import whose hash chain was altered, naming the trial", async () => {
  const exported = await (await fetch(`${server.url}/api/runs/run-1/trace`)).text();
  const tampered = exported.replace('"hypothesis":"change 5"', '"hypothesis":"change five"');
  const other = tempDir();
  const second = await startServer(join(other.dir, "tampered.db"));
  try {
    const res = await postTrace(second.url, tampered);
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/trial "m5" \(seq 10\): its hash does not match its content/);
    expect((await (await fetch(`${second.url}/api/runs`)).json()).items).toHaveLength(0);
  } finally {
    await second.stop();
    other.cleanup();
  }
});

it("verifies the chain, and names the first trial broken by a hand edit in SQL", async () => {
  expect((await get("/api/runs/run-1/verify")).body).toMatchObject({ intact: true, checked: 64 });
  const raw = new Database(dbPath);
  // Evaluated outcomes are protected by triggers; a tamperer has to drop them first.
  expect(() => raw.prepare("UPDATE trials SET score = 0.1 WHERE id = 'm20'").run()).toThrow(/immutable/);
  raw.exec("DROP TRIGGER trials_outcome_immutable");
  raw.prepare("UPDATE trials SET score = 0.1 WHERE id = 'm20'").run();
  raw.close();
  const report = (await get("/api/runs/run-1/verify")).body;
  expect(report).toMatchObject({ intact: false, firstBreak: { trialId: "m20", seq: 25, reason: "hash_mismatch" } });
});

it("serves the trace format's JSON Schema, generated from the zod schemas", async () => {
  const res = await fetch(`${server.url}/schema/lineage-trace-1.json`);
  expect(res.status).toBe(200);
  const schema = await res.json();
  const variants = schema.oneOf ?? schema.anyOf;
  expect(variants.map((v: any) => v.properties.type.const).sort()).toEqual(["agent", "event", "run", "task", "trial", "verdict"]);
  const trialSchema = variants.find((v: any) => v.properties.type.const === "trial");
  expect(trialSchema.required).toEqual(expect.arrayContaining(["schema", "type", "id", "runId", "hypothesis"]));
  expect(trialSchema.additionalProperties).toBe(false);
});
