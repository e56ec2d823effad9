// Notes and bulk verdicts over HTTP on the real server (issue 14, items 6 and 7): what only HTTP
// shows — 4xx naming the field with nothing written, the author and auditor from the session never
// the body, a viewer refused, the CSRF token required of a cookie session, the filtered queue's
// query checked. Their rules are tested through the services in audit-queue-notes.test.ts.
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
const R = "notes-run";
const trial = (t: string) => encodeURIComponent(`${R}/${t}`);

async function call(method: "GET" | "POST", path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? headers : { "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function signIn(name: string, password: string) {
  const res = await fetch(`${server.url}/api/auth/sign-in`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: server.url },
    body: JSON.stringify({ name, password }),
  });
  const body = (await res.json()) as any;
  return { cookie: (res.headers.get("set-cookie") ?? "").split(";")[0], csrf: body.csrfToken as string };
}

beforeAll(async () => {
  dir = tempDir();
  dbPath = join(dir.dir, "notes.db");
  server = await startServer(dbPath);
  expect((await postTrace(server.url, toJsonl(auditTrace(R)))).status).toBe(201);
});
afterAll(async () => {
  await server?.stop();
  dir?.cleanup();
});

it("appends notes on a run and a trial as the local user, and refuses bad ones naming the field, writing nothing", async () => {
  const a = await call("POST", `/api/runs/${R}/notes`, { body: "Seed 2 looks off.", author: "mallory" });
  expect(a.status).toBe(400); // the author comes from the session: a body naming one is refused
  expect(a.body.error.message).toContain("author");
  const ok = await call("POST", `/api/runs/${R}/notes`, { body: "Seed 2 looks off." });
  expect(ok.status).toBe(201);
  expect(ok.body).toMatchObject({ runId: R, trialId: null, author: "local", body: "Seed 2 looks off." });
  expect((await call("POST", `/api/trials/${trial("t3")}/notes`, { body: "Scorer edit." })).body).toMatchObject({ trialId: `${R}/t3`, author: "local" });
  expect((await call("GET", `/api/runs/${R}/notes`)).body.items.map((n: any) => n.body)).toEqual(["Seed 2 looks off."]);
  expect((await call("GET", `/api/trials/${trial("t3")}/notes`)).body.items.map((n: any) => n.body)).toEqual(["Scorer edit."]);

  const before = fingerprint(dbPath);
  const empty = await call("POST", `/api/runs/${R}/notes`, { body: "  " });
  expect(empty.status).toBe(400);
  expect(empty.body.error.message).toBe("body body: a note needs some text");
  const missing = await call("POST", `/api/trials/${trial("t3")}/notes`, {});
  expect(missing.status).toBe(400);
  expect(missing.body.error.message).toContain("body body: the note's text is missing");
  expect((await call("POST", `/api/runs/${R}/notes`, "not json")).status).toBe(400);
  expect((await call("POST", `/api/runs/nope/notes`, { body: "x" })).status).toBe(404);
  expect((await call("POST", `/api/trials/${trial("nope")}/notes`, { body: "x" })).status).toBe(404);
  expect(fingerprint(dbPath)).toEqual(before);
});

it("records bulk verdicts in one go, and refuses an unknown trial in the selection, an empty one or no reason for illegal, writing nothing", async () => {
  const before = fingerprint(dbPath);
  const noReason = await call("POST", `/api/runs/${R}/audit/verdicts`, { trialIds: [`${R}/t1`], verdict: "illegal" });
  expect(noReason.status).toBe(400);
  expect(noReason.body.error.message).toContain("reason");
  const noIds = await call("POST", `/api/runs/${R}/audit/verdicts`, { trialIds: [], verdict: "legal" });
  expect(noIds.body.error.message).toContain("trialIds");
  const unknown = await call("POST", `/api/runs/${R}/audit/verdicts`, { trialIds: [`${R}/t1`, `${R}/zz`], verdict: "legal" });
  expect(unknown.status).toBe(404);
  expect(fingerprint(dbPath)).toEqual(before);

  const ok = await call("POST", `/api/runs/${R}/audit/verdicts`, { trialIds: [`${R}/t1`, `${R}/t2`], verdict: "legal", reason: "checked both diffs" });
  expect(ok.status).toBe(201);
  expect(ok.body.items.map((v: any) => [v.trialId, v.verdict, v.auditor, v.reason])).toEqual([
    [`${R}/t1`, "legal", "local", "checked both diffs"],
    [`${R}/t2`, "legal", "local", "checked both diffs"],
  ]);
  const q = await call("GET", `/api/runs/${R}/audit/queue?verdict=legal`);
  expect(q.body.items.map((it: any) => it.seq)).toEqual([2, 3]);
  expect(q.body.progress).toEqual({ reviewed: 2, total: 2, filtered: true });
  expect((await call("GET", `/api/runs/${R}/audit/queue`)).body.progress).toEqual({ reviewed: 2, total: 6, filtered: false });
  const bad = await call("GET", `/api/runs/${R}/audit/queue?verdict=maybe`);
  expect(bad.status).toBe(400);
  expect(bad.body.error.message).toContain("query verdict");
});

it("with accounts on: a viewer cannot write notes or verdicts, an auditor can with the CSRF token, and is the author", async () => {
  for (const [name, role, pw] of [
    ["alice", "auditor", "alice-password-1"],
    ["bob", "viewer", "bob-password-22"],
  ] as const) {
    const r = await runCli(["user", "add", name, "--role", role, "--db", dbPath], { input: `${pw}\n` });
    expect(r.code, r.stderr).toBe(0);
  }
  const bob = await signIn("bob", "bob-password-22");
  const asBob = { Cookie: bob.cookie, Origin: server.url, "x-lineage-csrf": bob.csrf };
  const refused = await call("POST", `/api/runs/${R}/notes`, { body: "viewer's note" }, asBob);
  expect(refused.status).toBe(403);
  expect(refused.body.error.message).toContain("auditor");
  expect((await call("POST", `/api/runs/${R}/audit/verdicts`, { trialIds: [`${R}/t3`], verdict: "legal" }, asBob)).status).toBe(403);
  expect((await call("GET", `/api/runs/${R}/notes`, undefined, { Cookie: bob.cookie })).status).toBe(200);

  const alice = await signIn("alice", "alice-password-1");
  expect((await call("POST", `/api/trials/${trial("t4")}/notes`, { body: "no token" }, { Cookie: alice.cookie, Origin: server.url })).status).toBe(403);
  const ok = await call(
    "POST",
    `/api/trials/${trial("t4")}/notes`,
    { body: "Over budget twice." },
    { Cookie: alice.cookie, Origin: server.url, "x-lineage-csrf": alice.csrf },
  );
  expect(ok.status).toBe(201);
  expect(ok.body.author).toBe("alice");
});
