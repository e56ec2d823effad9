// The Python client (clients/python) against the real built server: its own unittest suite, run
// with python3 from the standard library, must pass with every test run (none skipped).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "./support/server";
import { tempDir } from "./support/temp-db";

const CLIENT = join(import.meta.dirname, "..", "clients", "python");
const TOKEN = "python-client-test-token-0123456789";

describe("clients/python", () => {
  let dir: ReturnType<typeof tempDir>;
  let server: TestServer;
  beforeAll(async () => {
    dir = tempDir();
    server = await startServer(join(dir.dir, "py.db"), { LINEAGE_TOKEN: TOKEN });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    dir?.cleanup();
  });

  it("passes its unittest suite against the server", () => {
    const r = spawnSync("python3", ["-m", "unittest", "discover", "-s", "tests", "-v"], {
      cwd: CLIENT,
      env: { ...process.env, LINEAGE_TEST_URL: server.url, LINEAGE_TEST_TOKEN: TOKEN },
      encoding: "utf8",
      timeout: 240_000,
    });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(r.status, out).toBe(0);
    expect(out).toMatch(/Ran [1-9]\d* tests/);
    expect(out).not.toContain("skipped");
  }, 300_000);
});
