// Sign-in throttling on the real server (issue 9 item 13): after three failures for one name, or
// from one client address, the next try waits (429 with Retry-After, doubling), even with the right
// password; every failure is an event naming the attempted user (or "anonymous") and the address.
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase } from "../db/client";
import { runCli, startServer, type TestServer } from "./support/server";
import { MIGRATIONS, tempDir } from "./support/temp-db";

let server: TestServer;
let dir: ReturnType<typeof tempDir>;
let dbPath: string;
const PASSWORD = "correct-horse-battery";

beforeAll(async () => {
  dir = tempDir();
  dbPath = join(dir.dir, "throttle.db");
  server = await startServer(dbPath, { LINEAGE_NO_DEMO: "1" });
  for (const name of ["victim", "other"]) {
    const r = await runCli(["user", "add", name, "--role", "admin", "--db", dbPath], { input: `${PASSWORD}\n` });
    expect(r.code, r.stderr).toBe(0);
  }
});
afterAll(async () => {
  await server?.stop();
  dir?.cleanup();
});

/** A sign-in from `address` (Next.js passes X-Forwarded-For on; without it, the socket's address). */
async function attempt(name: string, password: string, address?: string) {
  const res = await fetch(`${server.url}/api/auth/sign-in`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: server.url, ...(address ? { "X-Forwarded-For": address } : {}) },
    body: JSON.stringify({ name, password }),
  });
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as any };
}

function failedEvents() {
  const db = openDatabase(dbPath, { migrationsFolder: MIGRATIONS });
  try {
    return (
      db.$client.prepare("select actor, detail from events where action = 'sign_in.failed' order by rowid").all() as { actor: string; detail: string }[]
    ).map((e) => ({ actor: e.actor, ...JSON.parse(e.detail) }));
  } finally {
    db.$client.close();
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it("slows down guesses at one account from changing addresses, right password included, doubling the wait", async () => {
  for (let i = 1; i <= 3; i++) expect((await attempt("victim", `guess-${i}`, `10.0.0.${i}`)).status).toBe(401);
  const blocked = await attempt("victim", PASSWORD, "10.0.0.9");
  expect(blocked.status).toBe(429);
  expect(blocked.body.error.code).toBe("rate_limited");
  expect(blocked.retryAfter).toBe("1");
  expect(blocked.body.error.message).toMatch(/try again in 1 s/);

  await sleep(1100);
  expect((await attempt("victim", "guess-4", "10.0.0.4")).status).toBe(401);
  const longer = await attempt("victim", PASSWORD, "10.0.0.10");
  expect(longer.status).toBe(429);
  expect(longer.retryAfter).toBe("2");

  // Another account is not held up by this one's failures.
  expect((await attempt("other", PASSWORD, "10.0.0.11")).status).toBe(200);
  await sleep(2100);
  expect((await attempt("victim", PASSWORD, "10.0.0.12")).status).toBe(200);
  // A success clears the account: the next wrong guess is answered at once again.
  expect((await attempt("victim", "guess-5", "10.0.0.13")).status).toBe(401);
});

it("slows down one address guessing many names, and a burst in parallel is counted like a sequence", async () => {
  const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => attempt(`nobody-${i}`, "guess", "192.0.2.7")));
  const statuses = burst.map((r) => r.status).sort();
  expect(statuses.filter((s) => s === 401)).toHaveLength(3);
  expect(statuses.filter((s) => s === 429)).toHaveLength(5);
  // The address is held up even for a real account with its right password…
  expect((await attempt("other", PASSWORD, "192.0.2.7")).status).toBe(429);
  // …while another address signs in as usual.
  expect((await attempt("other", PASSWORD, "192.0.2.8")).status).toBe(200);
});

it("records each failure with the attempted name (or anonymous) and the client address", async () => {
  expect((await attempt("", "x", "198.51.100.1")).status).toBe(401);
  expect((await attempt("bad name\u202e", "x", "198.51.100.1")).status).toBe(401);
  expect((await attempt("other", "wrong-password")).status).toBe(401); // no X-Forwarded-For: the socket's address
  const events = failedEvents();
  expect(events.filter((e) => e.actor === "victim").map((e) => e.address)).toEqual(["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.13"]);
  expect(
    events
      .filter((e) => e.address === "192.0.2.7")
      .map((e) => e.actor)
      .sort(),
  ).toHaveLength(3);
  expect(events.slice(-3).map((e) => [e.actor, e.address])).toEqual([
    ["anonymous", "198.51.100.1"],
    ["anonymous", "198.51.100.1"],
    ["other", "127.0.0.1"],
  ]);
  expect(events.find((e) => e.actor === "victim")!.failures).toEqual({ account: 1, address: 1 });
  // Throttled refusals checked no password and are not failures of their own.
  expect(events).toHaveLength(5 + 3 + 3);
  // The admin reads them in the activity log.
  const signIn = await fetch(`${server.url}/api/auth/sign-in`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: server.url, "X-Forwarded-For": "203.0.113.5" },
    body: JSON.stringify({ name: "other", password: PASSWORD }),
  });
  const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0];
  const activity = await (await fetch(`${server.url}/activity`, { headers: { Cookie: cookie } })).text();
  expect(activity).toContain("sign_in.failed");
  expect(activity).toContain("198.51.100.1");
});
