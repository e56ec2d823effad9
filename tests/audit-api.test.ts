// The audit over HTTP on the real server: findings with evidence, multi-domain classification,
// verdict rules (never changing a score), legal best, the queue, the domain review and the report.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditTrace, unmeasuredBaselineTrace } from "./support/audit-trace";
import { fingerprint } from "./support/fingerprint";
import { postTrace, runCli, startServer, type TestServer } from "./support/server";
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
  const res = await fetch(`${server.url}/api/trials/${id(trial)}/verdicts`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });
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

describe("findings and classification", () => {
  it("classifies a multi-domain diff per hunk and flags the edit outside its agent's surface and within noise", async () => {
    const { body } = await get(`/api/trials/${id("t2")}/verdicts`);
    expect(body.classification).toMatchObject({ source: "diff", declared: "architecture", classified: ["architecture", "optimizer"], disagreement: false });
    expect(body.classification.hunks.map((h: any) => [h.file, h.domains])).toEqual([["model/gpt.py", ["architecture"]], ["train/optim/sched.py", ["optimizer"]]]);
    const kinds = body.findings.map((f: any) => f.kind);
    expect(kinds).toEqual(["outside_surface", "within_noise"]);
    expect(body.findings[0].evidence).toMatchObject({ file: "train/optim/sched.py", hunk: expect.stringContaining("+lr = 0.02") });
    expect(body.findings[1].evidence.limit).toBe(0.001);
  });

  it("names a protected path and evaluation-looking code with the offending hunk", async () => {
    const { body } = await get(`/api/trials/${id("t3")}/verdicts`);
    expect(body.findings.map((f: any) => f.kind)).toEqual(["protected_path", "evaluation_code"]);
    expect(body.findings[0].evidence).toMatchObject({ file: "eval/score.py", hunk: expect.stringContaining("score_fn(y) * 0.9") });
  });

  it("reports budgets and the gate with figure and limit, and a declared domain the diff disagrees with", async () => {
    const { body } = await get(`/api/trials/${id("t4")}/verdicts`);
    expect(body.findings.map((f: any) => [f.kind, f.evidence.figure, f.evidence.limit])).toEqual([
      ["budget_wallclock", 700, 600],
      ["budget_artifact", 2000, 1000],
      ["gate_missed", 0.8, 0.9],
    ]);
    expect(body.classification).toMatchObject({ declared: "optimizer", classified: ["architecture"], disagreement: true });
  });

  it("lets the declared domain stand alone without a diff, and counts keeps within noise in the headline", async () => {
    expect((await get(`/api/trials/${id("t5")}/verdicts`)).body.classification).toMatchObject({ source: "declared", domains: ["architecture"] });
    const { body } = await get(`/api/runs/${R}/audit`);
    expect(body).toMatchObject({ keeps: 3, keepsWithinNoise: 1, noiseFloor: 0.001, baselineDeclared: false, bestScore: 1.2 });
    expect((await get(`/api/runs/declared-run/audit`)).body).toMatchObject({ baselineDeclared: true, baselineScore: 2 });
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
    const res = await fetch(`${server.url}/api/trials/nope/verdicts`, { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"verdict":"legal"}' });
    expect(res.status).toBe(404);
    expect(fingerprint(dbPath)).toBe(before);
  });

  it("appends verdicts with the server's auditor and time; the latest decides the legal best, scores never change", async () => {
    const given = await verdict("t3", { verdict: "illegal", domain: "eval", reason: "edits the scorer" });
    expect(given.status).toBe(201);
    expect(given.body).toMatchObject({ verdict: "illegal", domain: "evaluation", auditor: "local", createdAt: expect.any(String) });
    let run = (await get(`/api/runs/${R}`)).body;
    expect(run.summary).toMatchObject({ bestScore: 1.2, legalBestScore: 1.3995, legalBestTrialId: `${R}/t2` });
    expect((await get(`/api/trials/${id("t3")}`)).body.score).toBe(1.2);

    expect((await verdict("t3", { verdict: "legal", reason: "the scorer change was reverted upstream" })).status).toBe(201);
    run = (await get(`/api/runs/${R}`)).body;
    expect(run.summary.legalBestScore).toBe(1.2);
    const history = (await get(`/api/trials/${id("t3")}/verdicts`)).body;
    expect(history.verdicts.map((v: any) => v.verdict)).toEqual(["illegal", "legal"]);
    expect(history.verdictStatus).toBe("legal");
    const runs = (await get(`/api/runs`)).body.items.find((r: any) => r.id === R);
    expect(runs.summary.legalBestScore).toBe(1.2);
    const trace = await (await fetch(`${server.url}/api/runs/${R}/trace`)).text();
    expect(trace).toContain('"type":"verdict"');
  });
});

describe("queue, review and report", () => {
  it("puts kept and new-best trials first, then the rest, a keyset page at a time", async () => {
    const first = (await get(`/api/runs/${R}/audit/queue?limit=3`)).body;
    const second = (await get(`/api/runs/${R}/audit/queue?limit=3&cursor=${first.nextCursor}`)).body;
    const seqs = [...first.items, ...second.items].map((i: any) => i.id.split("/")[1]);
    expect(seqs).toEqual(["b0", "t1", "t2", "t3", "t4", "t5"]);
    expect(second.nextCursor).toBeNull();
    const open = (await get(`/api/runs/${R}/audit/queue?open=true`)).body.items.map((i: any) => i.id.split("/")[1]);
    expect(open).not.toContain("t3");
    expect((await get(`/api/runs/${R}/audit/queue?cursor=garbage`)).status).toBe(400);
  });

  it("reviews the architecture domain with counts at the top", async () => {
    await verdict("t2", { verdict: "legal" });
    await verdict("t4", { verdict: "illegal", reason: "edits outside the declared surface", domain: "arch" });
    const { body } = await get(`/api/runs/${R}/audit/review?domain=arch`);
    expect(body.domain).toBe("architecture");
    expect(body.items.map((i: any) => i.id.split("/")[1])).toEqual(["t2", "t4", "t5"]);
    expect(body.counts).toEqual({ submissions: 3, legal: 1, illegal: 1, needs_review: 0, unreviewed: 1 });
    expect(body.domains.map((d: any) => d.name)).toEqual(expect.arrayContaining(["architecture", "optimizer", "evaluation"]));
  });

  it("writes the report as JSON and Markdown, over HTTP and from the CLI", async () => {
    const json = (await get(`/api/runs/${R}/audit/report?format=json`)).body;
    expect(json.chain).toMatchObject({ intact: true, checked: 6 });
    expect(json.verdicts).toEqual({ submissions: 6, legal: 2, illegal: 1, needs_review: 0, unreviewed: 3 });
    expect(json.flagged.map((f: any) => f.id.split("/")[1])).toEqual(["b0", "t1", "t4", "t5"]);
    expect(json.flagged.find((f: any) => f.id.endsWith("t4")).findings.map((f: any) => f.kind)).toContain("gate_missed");
    const res = await fetch(`${server.url}/api/runs/${R}/audit/report?format=md`);
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const md = await res.text();
    expect(md).toContain("Hash chain intact: 6 evaluated trials");
    expect(md).toContain("1 of 3 measured keeps within noise");
    expect(md).toMatch(/\| architecture \| 3 \| 1 \| 1 \| 0 \| 1 \|/);
    const cli = await runCli(["audit", R, "--db", dbPath, "--format", "json"]);
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout).verdicts.illegal).toBe(1);
    const bad = await runCli(["audit", R, "--db", dbPath, "--format", "pdf"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--format must be md or json");
    expect((await runCli(["audit", "no-such-run", "--db", dbPath])).code).toBe(1);
  });
});
