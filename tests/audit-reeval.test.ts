// Re-evaluation: a runner-made trial's stored code re-run with its task's evaluator, from the CLI
// and over HTTP, recorded beside the original (never over it) and carried into the report.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../db/client";
import type { LoadedTask } from "../lib/evaluator/task";
import { reproduces, withTaskEvaluator } from "../lib/services/reeval";
import { auditTrace } from "./support/audit-trace";
import { postTrace, runCli, startServer, type TestServer } from "./support/server";
import { MIGRATIONS, tempDir } from "./support/temp-db";
import { toJsonl } from "./support/traces";

describe("reproduces", () => {
  it("compares scores within tolerance, and failures by label", () => {
    expect(reproduces({ score: 1.0, failure: null }, { score: 1.00005 }, 0.0001)).toMatchObject({ withinTolerance: true });
    expect(reproduces({ score: 1.0, failure: null }, { score: 1.01 }, 0.0001)).toEqual({ difference: expect.closeTo(0.01, 9), withinTolerance: false });
    expect(reproduces({ score: 1.0, failure: null }, { failure: "crash" }, 0.0001)).toEqual({ difference: null, withinTolerance: false });
    expect(reproduces({ score: null, failure: "gate_miss" }, { failure: "gate_miss" }, 0)).toEqual({ difference: null, withinTolerance: true });
  });
});

it("re-runs a trial's code under the task's current evaluator, not the copy stored with the trial", () => {
  const task = {
    manifest: { protectedPaths: ["evaluate.mjs", "data/**"] },
    baseline: new Map([
      ["evaluate.mjs", "task evaluator v2"],
      ["data/a.txt", "A"],
      ["model.mjs", "baseline model"],
    ]),
  } as unknown as LoadedTask;
  const trialFiles = new Map([
    ["evaluate.mjs", "stale evaluator"],
    ["data/extra.txt", "smuggled"],
    ["model.mjs", "edited model"],
  ]);
  expect(Object.fromEntries(withTaskEvaluator(trialFiles, task))).toEqual({
    "evaluate.mjs": "task evaluator v2",
    "data/a.txt": "A",
    "model.mjs": "edited model",
  });
});

describe("re-evaluating stored code", () => {
  let dir: ReturnType<typeof tempDir>;
  let dbPath: string;
  let server: TestServer;
  let trialIds: string[];
  let runId: string;

  beforeAll(async () => {
    dir = tempDir();
    dbPath = join(dir.dir, "reeval.db");
    const run = await runCli(["run", "golf-mini", "--trials", "3", "--db", dbPath]);
    expect(run.code, run.stderr).toBe(0);
    runId = run.stdout.trim().split("\n").pop()!;
    const db = openDatabase(dbPath, { migrationsFolder: MIGRATIONS });
    trialIds = db.$client
      .prepare("SELECT id FROM trials WHERE run_id = ? AND failure IS NULL ORDER BY seq")
      .all(runId)
      .map((r: any) => r.id);
    db.$client.close();
    server = await startServer(dbPath);
    expect((await postTrace(server.url, toJsonl(auditTrace()))).status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    dir?.cleanup();
  });

  it("re-runs a trial from the CLI and records that it reproduces, leaving the original alone", async () => {
    const before = await (await fetch(`${server.url}/api/trials/${encodeURIComponent(trialIds[0])}`)).json();
    const r = await runCli(["reeval", trialIds[0], "--db", dbPath]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("reproduces");
    const audit = await (await fetch(`${server.url}/api/trials/${encodeURIComponent(trialIds[0])}/verdicts`)).json();
    expect(audit.reevaluations).toHaveLength(1);
    expect(audit.reevaluations[0]).toMatchObject({ originalScore: before.score, score: before.score, difference: 0, withinTolerance: true, actor: "cli" });
    expect(audit.findings.map((f: any) => f.kind)).not.toContain("not_reproducible");
    const after = await (await fetch(`${server.url}/api/trials/${encodeURIComponent(trialIds[0])}`)).json();
    expect(after).toEqual(before);
  });

  it("re-runs over HTTP as the caller, and the report lists the reproductions", { timeout: 90_000 }, async () => {
    const res = await fetch(`${server.url}/api/trials/${encodeURIComponent(trialIds[1])}/reevaluate`, { method: "POST" });
    expect(res.status).toBe(202); // queued: the runner beside the server runs it
    const asked = (await res.json()) as any;
    expect(asked).toMatchObject({ status: "queued", actor: "local" });
    let done: any;
    for (const end = Date.now() + 60_000; !done; await new Promise((r) => setTimeout(r, 200))) {
      if (Date.now() > end) throw new Error("the re-evaluation did not finish");
      const { items } = (await (await fetch(`${server.url}/api/trials/${encodeURIComponent(trialIds[1])}/reevaluate`)).json()) as any;
      done = items.find((i: any) => i.id === asked.id && i.status === "done");
    }
    expect(done.result).toMatchObject({ withinTolerance: true, actor: "local" });
    const report = await (await fetch(`${server.url}/api/runs/${encodeURIComponent(runId)}/audit/report?format=json`)).json();
    expect(report.reproductions.map((p: any) => p.trialId)).toEqual([trialIds[0], trialIds[1]]);
    const md = await (await fetch(`${server.url}/api/runs/${encodeURIComponent(runId)}/audit/report?format=md`)).text();
    expect(md).toMatch(/\| yes \| cli \|/);
  });

  it("refuses a trial with no stored code, clearly", async () => {
    const r = await runCli(["reeval", "audit-run/t1", "--db", dbPath]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no stored code");
    const res = await fetch(`${server.url}/api/trials/${encodeURIComponent("audit-run/t1")}/reevaluate`, { method: "POST" });
    expect(res.status).toBe(400);
  });
});
