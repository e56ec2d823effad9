// The browser client's response schemas (lib/domain/api-responses.ts, through the endpoint table
// of lib/api/endpoints.ts) against the real built server: every endpoint the dashboard reads or
// writes answers in the shape the client checks, so a drift on either side fails here first.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENDPOINTS, type EndpointName } from "../lib/api/endpoints";
import { auditTrace } from "./support/audit-trace";
import { postTrace, startServer, type TestServer } from "./support/server";
import { tempDir } from "./support/temp-db";
import { toJsonl } from "./support/traces";

let server: TestServer;
let dir: ReturnType<typeof tempDir>;
const R = "shape-run";

/** Calls an endpoint of the table the way the browser does and parses the answer with its schema. */
async function call(name: EndpointName, params: unknown, init: RequestInit = {}, status = 200) {
  const e = ENDPOINTS[name];
  const res = await fetch(`${server.url}${(e.path as (p: unknown) => string)(params)}`, { ...init, method: e.method });
  const body: unknown = "text" in e && e.text ? await res.text() : await res.json();
  expect(res.status, JSON.stringify(body)).toBe(status);
  const parsed = e.response.safeParse(body);
  expect(parsed.success ? [] : parsed.error.issues, `${name}: ${JSON.stringify(body).slice(0, 300)}`).toEqual([]);
  return parsed.data as any;
}
const json = (body: unknown): RequestInit => ({ headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

beforeAll(async () => {
  dir = tempDir();
  server = await startServer(join(dir.dir, "shapes.db"));
  expect((await postTrace(server.url, toJsonl(auditTrace(R)))).status).toBe(201);
});
afterAll(async () => {
  await server?.stop();
  dir?.cleanup();
});

describe("the API answers in the shapes the browser client checks", () => {
  it("reads of a run: list, detail, breakdown, curve, trials, control, lineage, audit queue", async () => {
    const list = await call("runs", {});
    expect(list.items.map((r: { id: string }) => r.id)).toContain(R);
    await call("runs", { task: "golf-audit" });
    const run = await call("run", { id: R });
    expect(run.state).toBe("finished");
    await call("runBreakdown", { id: R });
    const curve = await call("runCurve", { id: R });
    expect(curve.points.length).toBeGreaterThan(3);
    const page = await call("runTrials", { id: R, query: "limit=2" });
    expect(page.nextCursor).not.toBeNull();
    await call("runTrials", { id: R, query: `limit=2&cursor=${encodeURIComponent(page.nextCursor)}` });
    await call("runTrials", { id: R, query: "sort=score&failure=any" });
    const control = await call("runControl", { id: R });
    expect(control.managed).toBe(false);
    // as the lineage page asks: its frame first, then a view, with context edges and a trial in focus
    await call("lineage", { id: R, w: 1280, h: 800, open: [], context: false });
    await call("lineage", { id: R, w: 1280, h: 800, view: { x: 0, y: 0, k: 1 }, open: [], focus: 1, context: true });
    const queue = await call("auditQueue", { id: R });
    expect(queue.items.flatMap((i: { findings: { kind: string }[] }) => i.findings.map((f) => f.kind))).toEqual(
      expect.arrayContaining(["protected_path", "budget_artifact"]),
    );
  });

  it("a trial's re-evaluations and raw diff, the session", async () => {
    const trial = `${R}/t1`;
    expect((await call("reevalRequests", { id: trial })).items).toEqual([]);
    expect(await call("trialDiffText", { id: trial })).toContain("momentum = 0.95");
    expect(await call("trialCompareText", { id: trial, with: `${R}/t2` })).toContain("diff");
    const session = await call("session", undefined);
    expect(session).toMatchObject({ accounts: false, csrfToken: null });
  });

  it("writes: a verdict, a settings revision, an upload, a started run paused and stopped", async () => {
    const v = await call("giveVerdict", { id: `${R}/t3` }, json({ verdict: "illegal", reason: "edits the scorer" }), 201);
    expect(v.verdict).toBe("illegal");
    const revised = await call("reviseTaskSettings", { id: "golf-audit" }, json({ noiseFloor: 0.002 }), 201);
    expect(revised.revision).toBe(1);

    const board = join(import.meta.dirname, "fixtures/importers/recipes/pg_small/blackboard");
    const form = new FormData();
    form.set("format", "recipes");
    for (const f of ["results.tsv", "tree.tsv", "best.json"]) form.append("files", new File([readFileSync(join(board, f))], f));
    const report = await call("importSource", undefined, { body: form }, 201);
    expect(report.run.created).toBe(true);

    const started = await call("startRun", undefined, json({ task: "golf-mini", trials: 3, name: "shape run" }), 201);
    const paused = await call("controlRun", { id: started.id, action: "pause" }, {});
    expect(paused.state).toBe("paused");
    const stopped = await call("controlRun", { id: started.id, action: "stop" }, {});
    expect(stopped).toMatchObject({ state: "stopped", stoppedBy: "local", managed: true });
    // The runs list says stopped for it too, not finished (its stored status).
    const list = await call("runs", {});
    expect(list.items.find((r: { id: string }) => r.id === started.id)).toMatchObject({ status: "finished", state: "stopped" });
    expect((await call("run", { id: started.id })).state).toBe("stopped");
  });

  it("an answer of the wrong shape is refused with the field named", () => {
    const bad = ENDPOINTS.runControl.response.safeParse({ id: "x", status: "sleeping" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["status", "state"]));
  });
});
