// Tokens on (RELIABILITY case 10): writes need the bearer token, compared in constant time and
// never taken from the query string; reads stay open.
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { fingerprint } from "./support/fingerprint";
import { postTrace, startServer, type TestServer } from "./support/server";
import { tempDir } from "./support/temp-db";
import { smallTrace, toJsonl } from "./support/traces";

const TOKEN = "s3cret-token-for-tests-0123456789";
let server: TestServer;
let dir: ReturnType<typeof tempDir>;
let dbPath: string;

beforeAll(async () => {
  dir = tempDir();
  dbPath = join(dir.dir, "auth.db");
  server = await startServer(dbPath, { LINEAGE_TOKEN: TOKEN });
});
afterAll(async () => {
  await server?.stop();
  dir?.cleanup();
});

it("refuses a write without a token, with a wrong one, and with one in the query string", async () => {
  const before = fingerprint(dbPath);
  const missing = await postTrace(server.url, toJsonl(smallTrace()));
  expect(missing.status).toBe(401);
  expect(missing.body.error.code).toBe("unauthorized");
  expect((await postTrace(server.url, toJsonl(smallTrace()), { Authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
  expect((await postTrace(server.url, toJsonl(smallTrace()), { Authorization: `Basic ${TOKEN}` })).status).toBe(401);
  const inQuery = await fetch(`${server.url}/api/trace?token=${TOKEN}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-ndjson" },
    body: toJsonl(smallTrace()),
  });
  expect(inQuery.status).toBe(400);
  expect(fingerprint(dbPath)).toBe(before);
  expect(server.output()).not.toContain(TOKEN);
});

it("accepts a write with the right token and keeps reads open", async () => {
  expect((await postTrace(server.url, toJsonl(smallTrace()), { Authorization: `Bearer ${TOKEN}` })).status).toBe(201);
  const runs = await (await fetch(`${server.url}/api/runs`)).json();
  expect(runs.items).toHaveLength(1);
});
