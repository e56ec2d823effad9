// The runner executes only runs started through the run-starting service. A run uploaded through
// POST /api/trace with status running (or paused, then "resumed") and a config naming a command
// proposer and a task folder of its own is a record: the runner beside `serve` never runs it, and
// the control endpoints refuse it. Against the real server and its real runner.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scoringEvaluator, writeTask } from "./runner-fixtures";
import { postTrace, startServer, type TestServer } from "./support/server";
import { tempDir } from "./support/temp-db";
import { toJsonl } from "./support/traces";

const S = "lineage-trace/1";
const until = async (what: string, ok: () => Promise<boolean>, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

describe("uploaded runs are records, never jobs", () => {
  let dir: ReturnType<typeof tempDir>;
  let server: TestServer;
  let marker: string;
  const json = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${server.url}${path}`, init);
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    dir = tempDir("lineage-boundary-");
    marker = join(dir.dir, "pwned");
    // A task folder elsewhere on the machine, whose baseline would score fine: were the upload
    // driven, the baseline would be evaluated and then the command proposer would run.
    const taskDir = writeTask(join(dir.dir, "elsewhere"), { "evaluate.mjs": scoringEvaluator() });
    const config = (id: string) => ({
      taskDir,
      trials: 3,
      parallel: 1,
      seed: 1,
      agents: [{ id, name: "evil", surface: "main", proposer: `command:touch ${marker}` }],
    });
    server = await startServer(join(dir.dir, "boundary.db"));
    const upload = toJsonl([
      { schema: S, type: "task", id: "fixture", name: "Fixture task", metric: { name: "score", direction: "minimize" } },
      { schema: S, type: "run", id: "evil-running", taskId: "fixture", name: "uploaded running", status: "running", config: config("evil-agent-1") },
      { schema: S, type: "agent", id: "evil-agent-1", runId: "evil-running", name: "evil", proposer: `command:touch ${marker}` },
      { schema: S, type: "run", id: "evil-paused", taskId: "fixture", name: "uploaded paused", status: "paused", config: config("evil-agent-2") },
      { schema: S, type: "agent", id: "evil-agent-2", runId: "evil-paused", name: "evil", proposer: `command:touch ${marker}` },
    ]);
    const r = await postTrace(server.url, upload);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    dir?.cleanup();
  });

  it("a run started through POST /api/runs is driven by the same runner (so it is alive and polling)", async () => {
    const started = await json("/api/runs", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ task: "golf-mini", trials: 2 }),
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    await until("the started run to finish", async () => (await json(`/api/runs/${started.body.id}/control`)).body.status === "finished");
    const control = await json(`/api/runs/${started.body.id}/control`);
    expect(control.body).toMatchObject({ managed: true, trials: 2, budget: 2 });
  }, 90_000);

  it("the uploaded running run was never claimed: no command ran, no trial, no lease, shown as a record", async () => {
    // The runner has polled many times while the started run ran to its end (previous test).
    await new Promise((r) => setTimeout(r, 1500));
    expect(existsSync(marker)).toBe(false);
    const control = await json("/api/runs/evil-running/control");
    expect(control.status).toBe(200);
    expect(control.body).toMatchObject({ status: "running", trials: 0, inFlight: 0, managed: false, budget: null, lease: null });
    for (const action of ["pause", "stop"]) {
      const r = await json(`/api/runs/evil-running/control/${action}`, { method: "POST" });
      expect(r.status).toBe(409);
      expect(r.body.error.message).toMatch(/uploaded or imported, not started by this Lineage: it is a record/);
    }
    expect((await json("/api/runs/evil-running/control")).body.status).toBe("running");
  });

  it("an uploaded paused run cannot be resumed into a job", async () => {
    const r = await json("/api/runs/evil-paused/control/resume", { method: "POST" });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain("cannot be resumed");
    await new Promise((res) => setTimeout(res, 1500)); // a few runner polls
    expect(existsSync(marker)).toBe(false);
    expect((await json("/api/runs/evil-paused/control")).body).toMatchObject({ status: "paused", trials: 0, managed: false });
  });

  it("POST /api/runs names built-in tasks only, and never a command proposer", async () => {
    const post = (body: unknown) => json("/api/runs", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const folder = await post({ task: join(dir.dir, "elsewhere"), trials: 1 });
    expect(folder.status).toBe(400);
    expect(folder.body.error.message).toContain("no built-in task");
    const command = await post({ task: "golf-mini", trials: 1, agents: [{ proposer: `command:touch ${marker}` }] });
    expect(command.status).toBe(403);
    expect(command.body.error.message).toContain("agents.0.proposer");
    expect(existsSync(marker)).toBe(false);
  });
});
