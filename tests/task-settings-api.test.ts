// POST /api/tasks/:id/settings on the real server (issue 10 item 13): an admin appends a revision
// (named as the actor, the within-noise finding then appears), a viewer gets 403 and an unsigned
// caller 401 with accounts on, bad bodies get 400 naming the field; refusals change nothing.
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { auditTrace } from "./support/audit-trace";
import { fingerprint } from "./support/fingerprint";
import { postTrace, runCli, startServer, type TestServer } from "./support/server";
import { tempDir } from "./support/temp-db";
import { toJsonl } from "./support/traces";

let server: TestServer;
let dir: ReturnType<typeof tempDir>;
let dbPath: string;
const tokens: Record<string, string> = {};

function importedTrace() {
  const [task, ...rest] = auditTrace();
  const { noiseFloor: _n, budgets: _b, gates: _g, ...bare } = task as Record<string, unknown>;
  return [bare, ...rest];
}

beforeAll(async () => {
  dir = tempDir();
  dbPath = join(dir.dir, "settings.db");
  server = await startServer(dbPath);
  expect((await postTrace(server.url, toJsonl(importedTrace()))).status).toBe(201);
  for (const [name, role] of [
    ["carol", "admin"],
    ["bob", "viewer"],
  ] as const) {
    expect((await runCli(["user", "add", name, "--role", role, "--db", dbPath], { input: `${name}-password-123\n` })).code).toBe(0);
    tokens[name] = (await runCli(["user", "token", name, "--db", dbPath])).stdout.trim();
  }
}, 120_000);
afterAll(async () => {
  await server?.stop();
  dir?.cleanup();
});

const settings = (body: unknown, who?: string) =>
  fetch(`${server.url}/api/tasks/golf-audit/settings`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(who ? { Authorization: `Bearer ${tokens[who]}` } : {}) },
    body: JSON.stringify(body),
  });
const findings = async (trial: string) =>
  (
    (await (
      await fetch(`${server.url}/api/trials/${encodeURIComponent(`audit-run/${trial}`)}/verdicts`, { headers: { Authorization: `Bearer ${tokens.bob}` } })
    ).json()) as any
  ).findings.map((f: any) => f.kind);

it("refuses a viewer (403), no one (401) and bad bodies (400 with the field), changing nothing", async () => {
  const before = fingerprint(dbPath);
  expect((await settings({ noiseFloor: 0.001 }, "bob")).status).toBe(403);
  expect((await settings({ noiseFloor: 0.001 })).status).toBe(401);
  const bad = await settings({ noiseFloor: -1 }, "carol");
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as any).error).toMatchObject({ code: "invalid_input", path: ["noiseFloor"] });
  const unknown = await settings({ score: 2 }, "carol");
  expect(unknown.status).toBe(400);
  expect(
    (
      await fetch(`${server.url}/api/tasks/nope/settings`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${tokens.carol}` },
        body: '{"noiseFloor":1}',
      })
    ).status,
  ).toBe(404);
  expect(fingerprint(dbPath)).toBe(before);
});

it("takes an admin's revision: the within-noise finding appears, the revision names the admin", async () => {
  expect(await findings("t2")).not.toContain("within_noise");
  const res = await settings({ noiseFloor: 0.001 }, "carol");
  expect(res.status).toBe(201);
  expect(await res.json()).toMatchObject({ revision: 1, changes: { noiseFloor: [null, 0.001] } });
  expect(await findings("t2")).toContain("within_noise");
  const view = (await (await fetch(`${server.url}/api/tasks/golf-audit/settings`, { headers: { Authorization: `Bearer ${tokens.bob}` } })).json()) as any;
  expect(view.settings.noiseFloor).toBe(0.001);
  expect(view.revisions[0]).toMatchObject({ revision: 1, actor: "carol" });
  expect((await settings({ noiseFloor: 0.001 }, "carol")).status).toBe(200); // nothing to change: no new revision
});
