// Managing accounts from the CLI (issue 9 item 15): revoke tokens, remove users, change roles and
// passwords. Each change is an event and holds on the running server's very next request; bad input
// exits non-zero with a message and changes nothing.
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase, type Db } from "../db/client";
import { fingerprint } from "./support/fingerprint";
import { runCli, startServer, type TestServer } from "./support/server";
import { MIGRATIONS, tempDir } from "./support/temp-db";

let server: TestServer;
let dir: ReturnType<typeof tempDir>;
let dbPath: string;
const PW = { root: "root-password-1", ann: "ann-password-22", ben: "ben-password-333" };

const cli = (args: string[], input?: string) => runCli(["user", ...args, "--db", dbPath], { input });
const whoAmI = (headers: Record<string, string>) => fetch(`${server.url}/api/runs`, { headers });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function signIn(name: string, password: string) {
  const res = await fetch(`${server.url}/api/auth/sign-in`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: server.url },
    body: JSON.stringify({ name, password }),
  });
  return { status: res.status, cookie: (res.headers.get("set-cookie") ?? "").split(";")[0], body: (await res.json()) as any };
}

/** Events recorded by the CLI, read straight from the store. */
function events(action: string) {
  const db: Db = openDatabase(dbPath, { migrationsFolder: MIGRATIONS });
  try {
    return db.$client.prepare("select actor, detail from events where action = ? order by received_at, id").all(action) as { actor: string; detail: string }[];
  } finally {
    db.$client.close();
  }
}

/** Every account row, session and token, and every event: what a refused command must leave alone. */
function accountsSnapshot() {
  const db: Db = openDatabase(dbPath, { migrationsFolder: MIGRATIONS });
  try {
    return ["users", "sessions", "api_tokens", "events"].map((t) => JSON.stringify(db.$client.prepare(`select * from ${t} order by rowid`).all())).join("\n");
  } finally {
    db.$client.close();
  }
}

async function newToken(name: string, label?: string) {
  const r = await cli(["token", name, ...(label ? ["--label", label] : [])]);
  expect(r.code, r.stderr).toBe(0);
  const id = /id (\S+);/.exec(r.stderr)?.[1];
  expect(id).toBeTruthy();
  return { token: r.stdout.trim(), id: id! };
}

beforeAll(async () => {
  dir = tempDir();
  dbPath = join(dir.dir, "accounts.db");
  server = await startServer(dbPath, { LINEAGE_NO_DEMO: "1" });
  for (const [name, role] of [
    ["root", "admin"],
    ["ann", "admin"],
    ["ben", "viewer"],
  ] as const) {
    const r = await cli(["add", name, "--role", role], `${PW[name]}\n`);
    expect(r.code, r.stderr).toBe(0);
  }
});
afterAll(async () => {
  await server?.stop();
  dir?.cleanup();
});

it("revokes one token by id, then all of a user's tokens, each at once and as an event", async () => {
  const a = await newToken("ben", "laptop");
  const b = await newToken("ben", "ci");
  expect((await whoAmI(bearer(a.token))).status).toBe(200);
  expect((await whoAmI(bearer(b.token))).status).toBe(200);

  const listed = await cli(["tokens", "ben"]);
  expect(listed.stdout).toContain(`${a.id}\tlaptop`);
  expect(listed.stdout).not.toContain(a.token);

  const one = await cli(["revoke", "ben", "--token", a.id]);
  expect(one.code, one.stderr).toBe(0);
  expect((await whoAmI(bearer(a.token))).status).toBe(401);
  expect((await whoAmI(bearer(b.token))).status).toBe(200);
  expect((await cli(["tokens", "ben"])).stdout).toMatch(new RegExp(`${a.id}\\tlaptop\\t\\S+\\trevoked`));

  const all = await cli(["revoke", "ben", "--all"]);
  expect(all.code, all.stderr).toBe(0);
  expect(all.stdout).toContain("revoked 1 token of ben");
  expect((await whoAmI(bearer(b.token))).status).toBe(401);

  const recorded = events("token.revoked").map((e) => ({ actor: e.actor, ...JSON.parse(e.detail) }));
  expect(recorded).toEqual([
    { actor: "cli", user: "ben", token: a.id, revoked: 1 },
    { actor: "cli", user: "ben", all: true, revoked: 1 },
  ]);
});

it("changes a role: the signed-in session and the user's token follow on their next request", async () => {
  const ben = await signIn("ben", PW.ben);
  const token = await newToken("ben");
  const verdictless = await fetch(`${server.url}/api/runs`, {
    method: "POST",
    headers: { ...bearer(token.token), "Content-Type": "application/json" },
    body: "{}",
  });
  expect(verdictless.status).toBe(403); // a viewer cannot start runs

  const r = await cli(["role", "ben", "admin"]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain("ben is now admin (was viewer)");
  const asAdmin = await fetch(`${server.url}/api/runs`, {
    method: "POST",
    headers: { ...bearer(token.token), "Content-Type": "application/json" },
    body: "{}",
  });
  expect(asAdmin.status).toBe(400); // past the role check; the empty body is refused by name
  expect(((await asAdmin.json()) as any).error.message).toContain("task");
  const session = await (await fetch(`${server.url}/api/auth/session`, { headers: { Cookie: ben.cookie } })).json();
  expect(session.user).toEqual({ name: "ben", role: "admin" });

  expect((await cli(["role", "ben", "viewer"])).code).toBe(0);
  expect(
    (await fetch(`${server.url}/api/runs`, { method: "POST", headers: { ...bearer(token.token), "Content-Type": "application/json" }, body: "{}" })).status,
  ).toBe(403);
  expect(events("user.role_changed").map((e) => JSON.parse(e.detail))).toEqual([
    { user: "ben", from: "viewer", to: "admin" },
    { user: "ben", from: "admin", to: "viewer" },
  ]);
});

it("changes a password from stdin: the old one stops working and the user's sessions end", async () => {
  const before = await signIn("ann", PW.ann);
  expect(before.status).toBe(200);
  const r = await cli(["password", "ann"], "ann-new-password-4444\n");
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain("1 session(s) ended");
  expect((await whoAmI({ Cookie: before.cookie })).status).toBe(401);
  expect((await signIn("ann", PW.ann)).status).toBe(401);
  expect((await signIn("ann", "ann-new-password-4444")).status).toBe(200);
  expect(events("user.password_changed").map((e) => [e.actor, JSON.parse(e.detail)])).toEqual([["cli", { user: "ann", sessionsEnded: 1 }]]);
});

it("removes a user: their session ends, their tokens stop, their name cannot sign in", async () => {
  const ben = await signIn("ben", PW.ben);
  const token = await newToken("ben");
  expect((await whoAmI({ Cookie: ben.cookie })).status).toBe(200);
  const r = await cli(["remove", "ben"]);
  expect(r.code, r.stderr).toBe(0);
  expect((await whoAmI({ Cookie: ben.cookie })).status).toBe(401);
  expect((await whoAmI(bearer(token.token))).status).toBe(401);
  expect((await signIn("ben", PW.ben)).status).toBe(401);
  expect((await cli(["list"])).stdout).not.toMatch(/^ben\t/m);
  const [removed] = events("user.removed").map((e) => [e.actor, JSON.parse(e.detail)]);
  expect(removed).toEqual(["cli", { user: "ben", role: "viewer", sessionsEnded: 2, tokensRemoved: 4 }]);
});

it("refuses bad input with a message and a non-zero exit, changing nothing", async () => {
  const before = fingerprint(dbPath) + accountsSnapshot();
  const cases: [string[], string | undefined, number, RegExp][] = [
    [["revoke", "root"], undefined, 2, /--token ID .* or --all/],
    [["revoke", "root", "--token", "x", "--all"], undefined, 2, /either --token ID/],
    [["revoke", "root", "--token", "no-such-id"], undefined, 1, /root has no token with id "no-such-id"/],
    [["revoke", "nobody", "--all"], undefined, 1, /no user named "nobody"/],
    [["remove", "nobody"], undefined, 1, /no user named "nobody"/],
    [["remove"], undefined, 2, /give exactly one NAME/],
    [["role", "root"], undefined, 2, /give NAME and ROLE/],
    [["role", "ann", "root"], undefined, 2, /ROLE must be one of viewer, auditor, admin, not "root"/],
    [["role", "nobody", "viewer"], undefined, 1, /no user named "nobody"/],
    [["password", "ann"], "short\n", 1, /password: at least 10 characters/],
    [["password", "nobody"], "long-enough-password\n", 1, /no user named "nobody"/],
    [["frobnicate", "ann"], undefined, 2, /give add NAME/],
  ];
  for (const [args, input, code, message] of cases) {
    const r = await cli(args, input);
    expect(r.code, args.join(" ")).toBe(code);
    expect(r.stderr, args.join(" ")).toMatch(message);
  }
  expect(fingerprint(dbPath) + accountsSnapshot()).toBe(before);
  expect((await signIn("ann", "ann-new-password-4444")).status).toBe(200);
});

it("never leaves the database without an admin (sign-in would switch off)", async () => {
  expect((await cli(["remove", "ann"])).code).toBe(0);
  const before = accountsSnapshot();
  const remove = await cli(["remove", "root"]);
  expect(remove.code).toBe(1);
  expect(remove.stderr).toContain("root is the only admin");
  const demote = await cli(["role", "root", "auditor"]);
  expect(demote.code).toBe(1);
  expect(demote.stderr).toContain("root is the only admin");
  expect(accountsSnapshot()).toBe(before);
  expect((await fetch(`${server.url}/api/runs`)).status).toBe(401);
});
