// Accounts and access on the real server: the single-user default, then roles, sessions, CSRF,
// per-user API tokens and the activity log once the first account exists.
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
const TRIAL = encodeURIComponent("audit-run/t3");
const PASSWORDS = { alice: "alice-password-1", bob: "bob-password-22", carol: "carol-password-333" };

beforeAll(async () => {
  dir = tempDir();
  dbPath = join(dir.dir, "auth.db");
  server = await startServer(dbPath);
});
afterAll(async () => {
  await server?.stop();
  dir?.cleanup();
});

const origin = () => server.url;
async function signIn(name: string, password: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/api/auth/sign-in`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: origin(), ...headers },
    body: JSON.stringify({ name, password }),
  });
  const body = (await res.json()) as any;
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
  return { status: res.status, body, cookie, setCookie: res.headers.get("set-cookie") ?? "" };
}
const postVerdict = (headers: Record<string, string>, body = '{"verdict":"legal"}') =>
  fetch(`${server.url}/api/trials/${TRIAL}/verdicts`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body });

it("stays a single-user localhost app while no account exists", async () => {
  expect((await postTrace(server.url, toJsonl(auditTrace()))).status).toBe(201);
  expect((await fetch(`${server.url}/api/runs`)).status).toBe(200);
  const res = await postVerdict({});
  expect(res.status).toBe(201);
  expect(((await res.json()) as any).auditor).toBe("local");
});

it("adds accounts from the CLI with the password on stdin, never on the command line", async () => {
  for (const [name, role] of [
    ["alice", "auditor"],
    ["bob", "viewer"],
    ["carol", "admin"],
  ] as const) {
    const r = await runCli(["user", "add", name, "--role", role, "--db", dbPath], { input: `${PASSWORDS[name]}\n` });
    expect(r.code, r.stderr).toBe(0);
  }
  const dup = await runCli(["user", "add", "alice", "--role", "viewer", "--db", dbPath], { input: "another-password\n" });
  expect(dup.code).toBe(1);
  expect(dup.stderr).toContain("already exists");
  const bad = await runCli(["user", "add", "dave", "--role", "root", "--db", dbPath], { input: "whatever-password\n" });
  expect(bad.code).toBe(2);
  const short = await runCli(["user", "add", "erin", "--role", "viewer", "--db", dbPath], { input: "short\n" });
  expect(short.code).toBe(1);
});

it("needs sign-in for reads once accounts exist, but health stays open", async () => {
  for (const path of ["/", "/runs/audit-run", "/runs/audit-run/audit", `/trials/${TRIAL}`]) {
    const page = await fetch(`${server.url}${path}`, { redirect: "manual" });
    expect(page.status, path).toBeGreaterThanOrEqual(300);
    expect(page.headers.get("location"), path).toContain("/sign-in?next=");
  }
  expect((await fetch(`${server.url}/sign-in`)).status).toBe(200);
  const res = await fetch(`${server.url}/api/runs`);
  expect(res.status).toBe(401);
  expect(((await res.json()) as any).error.code).toBe("unauthorized");
  expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
});

it("refuses a wrong password without saying whether the user exists", async () => {
  const before = fingerprint(dbPath);
  const wrongPassword = await signIn("alice", "not-her-password");
  const noSuchUser = await signIn("zed", "not-her-password");
  expect(wrongPassword.status).toBe(401);
  expect(noSuchUser.status).toBe(401);
  expect(wrongPassword.body).toEqual(noSuchUser.body);
  expect(wrongPassword.setCookie).toBe("");
  // Nothing changes but the log of the two failures (tests/sign-in-throttle.test.ts covers them).
  expect(fingerprint(dbPath).replace(/events:\S+/, "")).toBe(before.replace(/events:\S+/, ""));
});

it("signs in with an http-only, SameSite cookie and refuses a viewer's verdict (403)", async () => {
  const bob = await signIn("bob", PASSWORDS.bob);
  expect(bob.status).toBe(200);
  expect(bob.setCookie).toMatch(/HttpOnly/);
  expect(bob.setCookie).toMatch(/SameSite=Strict/);
  expect((await fetch(`${server.url}/api/runs`, { headers: { Cookie: bob.cookie } })).status).toBe(200);
  const before = fingerprint(dbPath);
  const res = await postVerdict({ Cookie: bob.cookie, Origin: origin(), "x-lineage-csrf": bob.body.csrfToken });
  expect(res.status).toBe(403);
  expect(((await res.json()) as any).error.message).toContain("auditor");
  expect(fingerprint(dbPath)).toBe(before);
});

it("refuses forged cross-site forms and writes without the CSRF token, then takes the auditor's verdict", async () => {
  const alice = await signIn("alice", PASSWORDS.alice);
  const before = fingerprint(dbPath);
  const forged = await fetch(`${server.url}/api/trials/${TRIAL}/verdicts`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: alice.cookie, Origin: "http://evil.example" },
    body: "verdict=legal",
  });
  expect(forged.status).toBe(403);
  expect((await postVerdict({ Cookie: alice.cookie, Origin: origin() })).status).toBe(403);
  expect((await postVerdict({ Cookie: alice.cookie, "x-lineage-csrf": alice.body.csrfToken })).status).toBe(403);
  expect((await postVerdict({ Cookie: alice.cookie, Origin: origin(), "x-lineage-csrf": "forged" })).status).toBe(403);
  expect(fingerprint(dbPath)).toBe(before);
  const ok = await postVerdict(
    { Cookie: alice.cookie, Origin: origin(), "x-lineage-csrf": alice.body.csrfToken },
    '{"verdict":"needs_review","reason":"check the scorer"}',
  );
  expect(ok.status).toBe(201);
  expect(((await ok.json()) as any).auditor).toBe("alice");
  const out = await fetch(`${server.url}/api/auth/sign-out`, {
    method: "POST",
    headers: { Cookie: alice.cookie, Origin: origin(), "x-lineage-csrf": alice.body.csrfToken },
  });
  expect(out.status).toBe(200);
  expect((await fetch(`${server.url}/api/runs`, { headers: { Cookie: alice.cookie } })).status).toBe(401);
});

it("takes per-user API tokens for ingestion, refuses calls without one, and keeps roles", async () => {
  const carol = await runCli(["user", "token", "carol", "--db", dbPath]);
  const bob = await runCli(["user", "token", "bob", "--db", dbPath]);
  expect(carol.code).toBe(0);
  const carolToken = carol.stdout.trim();
  const bobToken = bob.stdout.trim();
  const trace = toJsonl(auditTrace("second-run"));
  const before = fingerprint(dbPath);
  expect((await postTrace(server.url, trace)).status).toBe(401);
  expect((await postTrace(server.url, trace, { Authorization: `Bearer ${carolToken}x` })).status).toBe(401);
  expect((await postTrace(server.url, trace, { Authorization: `Bearer ${bobToken}` })).status).toBe(403);
  expect(fingerprint(dbPath)).toBe(before);
  expect((await postTrace(server.url, trace, { Authorization: `Bearer ${carolToken}` })).status).toBe(201);
  expect((await postVerdict({ Authorization: `Bearer ${bobToken}` })).status).toBe(403);
  expect(server.output()).not.toContain(carolToken);
});

it("records each verdict and account change with its actor in the activity log", async () => {
  const page = await fetch(`${server.url}/activity`);
  expect(page.url).toContain("/sign-in");
  const carol = await signIn("carol", PASSWORDS.carol);
  const activity = await (await fetch(`${server.url}/activity`, { headers: { Cookie: carol.cookie } })).text();
  expect(activity).toMatch(/verdict[\s\S]*alice/);
  expect(activity).toContain("user.added");
  expect(activity).toContain("local");
});
