// Run start and control are recorded with who asked (issue 9 item 14): the signed-in user or the
// token's user, never "dashboard"/"runner". Read back through the run's exported trace over HTTP.
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runCli, startServer, type TestServer } from "./support/server";
import { tempDir } from "./support/temp-db";

let server: TestServer;
let dir: ReturnType<typeof tempDir>;
let dbPath: string;

beforeAll(async () => {
  dir = tempDir();
  dbPath = join(dir.dir, "actor.db");
  server = await startServer(dbPath, { LINEAGE_NO_DEMO: "1" });
});
afterAll(async () => {
  await server?.stop();
  dir?.cleanup();
});

const start = (headers: Record<string, string>) =>
  fetch(`${server.url}/api/runs`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify({ task: "golf-mini", trials: 50, seed: 3 }),
  });
const control = (id: string, action: string, headers: Record<string, string>) =>
  fetch(`${server.url}/api/runs/${encodeURIComponent(id)}/control/${action}`, { method: "POST", headers });

async function runEvents(id: string, headers: Record<string, string>) {
  const text = await (await fetch(`${server.url}/api/runs/${encodeURIComponent(id)}/trace`, { headers })).text();
  return text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l))
    .filter((r) => r.type === "event" && r.action.startsWith("run."))
    .map((r) => [r.action, r.actor]);
}

it("records the local user while no account exists", async () => {
  const res = await start({});
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  expect((await control(id, "stop", {})).status).toBe(200);
  expect(await runEvents(id, {})).toEqual([
    ["run.started", "local"],
    ["run.stop", "local"],
  ]);
});

it("records the token's user and the signed-in user as the actor of each start, pause, resume and stop", async () => {
  for (const name of ["mia", "noah"]) {
    const r = await runCli(["user", "add", name, "--role", "admin", "--db", dbPath], { input: `${name}-password-123\n` });
    expect(r.code, r.stderr).toBe(0);
  }
  const token = (await runCli(["user", "token", "mia", "--db", dbPath])).stdout.trim();
  const signIn = await fetch(`${server.url}/api/auth/sign-in`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: server.url },
    body: JSON.stringify({ name: "noah", password: "noah-password-123" }),
  });
  expect(signIn.status).toBe(200);
  const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0];
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  const mia = { Authorization: `Bearer ${token}` };
  const noah = { Cookie: cookie, Origin: server.url, "x-lineage-csrf": csrfToken };

  const res = await start(mia);
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  expect((await control(id, "pause", noah)).status).toBe(200);
  expect((await control(id, "resume", mia)).status).toBe(200);
  expect((await control(id, "stop", noah)).status).toBe(200);
  const events = await runEvents(id, mia);
  // The runner may add its own events (a pause of its own, run.finished); ours carry our names.
  expect(events.filter(([, actor]) => actor !== "runner")).toEqual([
    ["run.started", "mia"],
    ["run.pause", "noah"],
    ["run.resume", "mia"],
    ["run.stop", "noah"],
  ]);
  expect(events.map(([, actor]) => actor)).not.toContain("dashboard");
});
