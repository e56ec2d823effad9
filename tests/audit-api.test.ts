// The audit over HTTP on the real server: what only HTTP shows — the routes answer, bad verdicts and
// cursors are 400/404 with nothing written, the auditor is the server's principal, never the body,
// and the report is a download made in a job process. The audit's rules themselves are tested
// through the services in audit-services.test.ts.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditTrace, unmeasuredBaselineTrace } from "./support/audit-trace";
import { fingerprint } from "./support/fingerprint";
import { postTrace, startServer, type TestServer } from "./support/server";
import { tempDir } from "./support/temp-db";
import { toJsonl } from "./support/traces";

let server: TestServer;
let dir: ReturnType<typeof tempDir>;
let dbPath: string;
const R = "audit-run";
const id = (t: string) => encodeURIComponent(`${R}/${t}`);
const get = async (path: string) => {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, body: (await res.json()) as any };
};
const verdict = async (trial: string, body: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${server.url}/api/trials/${id(trial)}/verdicts`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
};

beforeAll(async () => {
  dir = tempDir();
  dbPath = join(dir.dir, "audit.db");
  server = await startServer(dbPath);
  expect((await postTrace(server.url, toJsonl(auditTrace()))).status).toBe(201);
  expect((await postTrace(server.url, toJsonl(unmeasuredBaselineTrace()))).status).toBe(201);
});
afterAll(async () => {
  await server?.stop();
  dir?.cleanup();
});

describe("the audit routes", () => {
  it("answer a trial's classification and findings, the run's headline and a domain review", async () => {
    const trial = await get(`/api/trials/${id("t2")}/verdicts`);
    expect(trial.status).toBe(200);
    expect(trial.body.classification).toMatchObject({ source: "diff", classified: ["architecture", "optimizer"] });
    expect(trial.body.findings.map((f: any) => f.kind)).toEqual(["outside_surface", "within_noise"]);
    expect((await get(`/api/runs/${R}/audit`)).body).toMatchObject({ keeps: 3, keepsWithinNoise: 1, noiseFloor: 0.001 });
    expect((await get(`/api/runs/declared-run/audit`)).body).toMatchObject({ baselineDeclared: true, baselineScore: 2 });
    const review = await get(`/api/runs/${R}/audit/review?domain=arch`);
    expect(review.status).toBe(200);
    expect(review.body.domain).toBe("architecture");
  });
});

describe("verdicts", () => {
  it("refuses an illegal verdict without a reason, an unknown verdict and an unknown trial, changing nothing", async () => {
    const before = fingerprint(dbPath);
    const noReason = await verdict("t3", { verdict: "illegal", reason: "  " });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error).toMatchObject({ code: "invalid_input", path: ["reason"] });
    expect((await verdict("t3", { verdict: "maybe" })).status).toBe(400);
    expect((await verdict("t3", { verdict: "legal", auditor: "mallory" })).status).toBe(400);
    const res = await fetch(`${server.url}/api/trials/nope/verdicts`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"verdict":"legal"}',
    });
    expect(res.status).toBe(404);
    expect(fingerprint(dbPath)).toBe(before);
  });

  it("appends a verdict with the server's auditor and time (201); the run's pages show the legal best", async () => {
    const given = await verdict("t3", { verdict: "illegal", domain: "eval", reason: "edits the scorer" });
    expect(given.status).toBe(201);
    expect(given.body).toMatchObject({ verdict: "illegal", domain: "evaluation", auditor: "local", createdAt: expect.any(String) });
    const run = (await get(`/api/runs/${R}`)).body;
    expect(run.summary).toMatchObject({ bestScore: 1.2, legalBestScore: 1.3995, legalBestTrialId: `${R}/t2` });
    expect((await get(`/api/trials/${id("t3")}`)).body.score).toBe(1.2);
    const runs = (await get(`/api/runs`)).body.items.find((r: any) => r.id === R);
    expect(runs.summary.legalBestScore).toBe(1.3995);
    const trace = await (await fetch(`${server.url}/api/runs/${R}/trace`)).text();
    expect(trace).toContain('"type":"verdict"');
  });
});

describe("queue and report", () => {
  it("pages the queue by the query's limit and cursor, and refuses a cursor it did not give out", async () => {
    const first = (await get(`/api/runs/${R}/audit/queue?limit=3`)).body;
    const second = (await get(`/api/runs/${R}/audit/queue?limit=3&cursor=${first.nextCursor}`)).body;
    expect([...first.items, ...second.items].map((i: any) => i.id.split("/")[1])).toEqual(["b0", "t1", "t2", "t3", "t4", "t5"]);
    expect(second.nextCursor).toBeNull();
    const open = (await get(`/api/runs/${R}/audit/queue?open=true`)).body.items.map((i: any) => i.id.split("/")[1]);
    expect(open).not.toContain("t3");
    expect((await get(`/api/runs/${R}/audit/queue?cursor=garbage`)).status).toBe(400);
    // a finding kind the audit never reports is named as the problem, not answered with an empty queue
    const unknown = await get(`/api/runs/${R}/audit/queue?finding=protected_paths`);
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toMatch(/finding.*protected_path,/);
    expect((await get(`/api/runs/${R}/audit/queue?finding=outside_surface`)).status).toBe(200);
  });

  it("downloads the report as JSON and Markdown", async () => {
    const json = (await get(`/api/runs/${R}/audit/report?format=json`)).body;
    expect(json.chain).toMatchObject({ intact: true, checked: 6 });
    expect(json.verdicts).toMatchObject({ submissions: 6, illegal: 1 });
    const res = await fetch(`${server.url}/api/runs/${R}/audit/report?format=md`);
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const md = await res.text();
    expect(md).toContain("Hash chain intact: 6 evaluated trials");
    expect(md).toContain("1 of 3 measured keeps within noise");
  });
});
