// Re-evaluation is queued and bounded: the HTTP handler and `lineage reeval` ask through one
// service, the runner beside `serve` runs at most its re-evaluation parallelism (2) at once, and a
// request beyond a short queue (8 waiting) is refused with 429. With no runner, `lineage reeval`
// runs its request itself. Against the real server, its runner and real evaluations of golf-mini.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../db/client";
import { runCli, startServer, type TestServer } from "./support/server";
import { MIGRATIONS, tempDir } from "./support/temp-db";

const PARALLELISM = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the re-evaluation queue", () => {
  let dir: ReturnType<typeof tempDir>;
  let dbPath: string;
  let db: Db;
  let server: TestServer | undefined;
  let trialIds: string[];
  const jobs = () =>
    db.$client.prepare("SELECT id, status, started_at, finished_at FROM reeval_jobs ORDER BY created_at").all() as {
      id: string;
      status: string;
      started_at: string | null;
      finished_at: string | null;
    }[];
  const post = (trialId: string) => fetch(`${server!.url}/api/trials/${encodeURIComponent(trialId)}/reevaluate`, { method: "POST" });
  const untilAllFinished = async (ms = 120_000) => {
    const end = Date.now() + ms;
    let maxRunning = 0;
    for (;;) {
      const rows = jobs();
      maxRunning = Math.max(maxRunning, rows.filter((r) => r.status === "running").length);
      if (rows.every((r) => r.status === "done" || r.status === "failed")) return maxRunning;
      if (Date.now() > end) throw new Error(`re-evaluations did not finish: ${JSON.stringify(rows)}`);
      await sleep(20);
    }
  };

  beforeAll(async () => {
    dir = tempDir("lineage-reeval-queue-");
    dbPath = join(dir.dir, "queue.db");
    const run = await runCli(["run", "golf-mini", "--trials", "3", "--db", dbPath, "--quiet"]);
    expect(run.code, run.stderr).toBe(0);
    const runId = run.stdout.trim().split("\n").pop()!;
    db = openDatabase(dbPath, { migrationsFolder: MIGRATIONS });
    trialIds = db.$client
      .prepare("SELECT id FROM trials WHERE run_id = ? AND failure IS NULL ORDER BY seq")
      .all(runId)
      .map((r: any) => r.id);
    expect(trialIds.length).toBeGreaterThan(0);
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    db?.$client.close();
    dir?.cleanup();
  });

  it("with no runner up, `lineage reeval` runs its request itself and prints the result", async () => {
    const r = await runCli(["reeval", trialIds[0], "--db", dbPath]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/re-evaluated scored .*: reproduces/);
    expect(jobs()).toMatchObject([{ status: "done" }]);
    expect(db.$client.prepare("SELECT count(*) AS n FROM runners").get()).toEqual({ n: 0 }); // it cleaned up after itself
  }, 120_000);

  it(`six parallel POSTs: all queued (202), at most ${PARALLELISM} running at once, each recorded beside its trial`, async () => {
    server = await startServer(dbPath);
    const before = db.$client.prepare("SELECT id, score, failure FROM trials ORDER BY seq").all();
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => post(trialIds[i % trialIds.length])));
    const bodies = await Promise.all(answers.map((a) => a.json() as Promise<any>));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202, 202]);
    expect(bodies.every((b) => b.status === "queued" && b.actor === "local")).toBe(true);
    const maxSampled = await untilAllFinished();
    const rows = jobs().filter((j) => bodies.some((b) => b.id === j.id));
    expect(rows.map((r) => r.status)).toEqual(["done", "done", "done", "done", "done", "done"]);
    // Concurrency from the recorded intervals, as well as from sampling the queue.
    const edges = rows
      .flatMap((r) => [
        { at: Date.parse(r.started_at!), d: 1 },
        { at: Date.parse(r.finished_at!), d: -1 },
      ])
      .sort((a, b) => a.at - b.at || a.d - b.d);
    let now = 0;
    let maxRecorded = 0;
    for (const e of edges) maxRecorded = Math.max(maxRecorded, (now += e.d));
    expect(maxRecorded).toBeLessThanOrEqual(PARALLELISM);
    expect(maxSampled).toBeLessThanOrEqual(PARALLELISM);
    expect(maxRecorded).toBeGreaterThanOrEqual(1);
    console.log(`re-evaluation queue: max running sampled ${maxSampled}, from intervals ${maxRecorded}`);
    // Each result is recorded beside the original, which is untouched.
    for (const b of bodies) {
      const { items } = (await (await fetch(`${server!.url}/api/trials/${encodeURIComponent(b.trialId)}/reevaluate`)).json()) as any;
      const mine = items.find((x: any) => x.id === b.id);
      expect(mine).toMatchObject({ status: "done", result: { trialId: b.trialId, withinTolerance: true, actor: "local" } });
    }
    expect(db.$client.prepare("SELECT count(*) AS n FROM reevaluations").get()).toEqual({ n: 7 });
    expect(db.$client.prepare("SELECT id, score, failure FROM trials ORDER BY seq").all()).toEqual(before);
  }, 180_000);

  it("beyond 8 waiting the server answers 429 with a clear message and queues nothing more", async () => {
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => post(trialIds[i % trialIds.length])));
    const statuses = answers.map((a) => a.status);
    const refused = answers.filter((a) => a.status === 429);
    const accepted = statuses.filter((s) => s === 202).length;
    expect(statuses.every((s) => s === 202 || s === 429)).toBe(true);
    expect(refused.length).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThanOrEqual(8);
    const body = (await refused[0].json()) as any;
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toMatch(/the re-evaluation queue is full: \d+ requests are waiting .*at most 8 wait/);
    expect(refused[0].headers.get("retry-after")).toBe("5");
    expect(jobs().length).toBe(1 + 6 + accepted); // a refusal queued nothing
    expect(await untilAllFinished(240_000)).toBeLessThanOrEqual(PARALLELISM);
  }, 300_000);

  it("`lineage reeval` with the runner up waits for it and prints the result", async () => {
    const r = await runCli(["reeval", trialIds[0], "--db", dbPath, "--actor", "cli-waiting"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("reproduces");
    const last = db.$client.prepare("SELECT status, runner_id FROM reeval_jobs ORDER BY created_at DESC LIMIT 1").get() as any;
    const daemon = db.$client.prepare("SELECT id FROM runners WHERE kind = 'daemon'").get() as any;
    expect(last).toEqual({ status: "done", runner_id: daemon.id }); // run by the server's runner, not the CLI
  }, 120_000);
});
