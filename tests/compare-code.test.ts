// "Compare with" on runs the runner made: the two trials' stored code snapshots are diffed, file by
// file; imported runs without code fall back to a diff of their diffs (tests/api-lineage.test.ts).
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffSnapshots } from "../lib/services/compare-trials";
import { runCli, startServer, type TestServer } from "./support/server";
import { tempDir } from "./support/temp-db";

describe("diffSnapshots", () => {
  it("diffs changed, added and removed files, and nothing for identical code", () => {
    const a = new Map([
      ["model.mjs", "const ORDER = 2;\n"],
      ["old.txt", "bye\n"],
      ["same.txt", "x\n"],
    ]);
    const b = new Map([
      ["model.mjs", "const ORDER = 3;\n"],
      ["new.txt", "hi\n"],
      ["same.txt", "x\n"],
    ]);
    const d = diffSnapshots(a, b);
    expect(d.identical).toBe(false);
    expect(d.patch).toContain("diff --git a/model.mjs b/model.mjs\n--- a/model.mjs\n+++ b/model.mjs");
    expect(d.patch).toContain("-const ORDER = 2;\n+const ORDER = 3;");
    expect(d.patch).toContain("--- /dev/null\n+++ b/new.txt");
    expect(d.patch).toContain("--- a/old.txt\n+++ /dev/null");
    expect(d.patch).not.toContain("same.txt");
    expect(diffSnapshots(a, new Map(a))).toEqual({ identical: true, patch: "", timedOut: false });
  });
});

describe("comparing two runner trials over HTTP", () => {
  let dir: ReturnType<typeof tempDir>;
  let server: TestServer;
  let runId: string;
  beforeAll(async () => {
    dir = tempDir();
    const dbPath = join(dir.dir, "compare.db");
    const run = await runCli(["run", "golf-mini", "--trials", "4", "--db", dbPath]);
    expect(run.code, run.stderr).toBe(0);
    runId = run.stdout.trim().split("\n").pop()!;
    server = await startServer(dbPath);
  });
  afterAll(async () => {
    await server?.stop();
    dir?.cleanup();
  });

  it("compares the code snapshots, not the diffs", async () => {
    const trials = (await (await fetch(`${server.url}/api/runs/${runId}/trials?limit=10`)).json()).items;
    const [first, , third] = trials;
    const res = await fetch(`${server.url}/api/trials/${first.id}/compare?with=${third.id}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.basis).toBe("code");
    const thirdFull = await (await fetch(`${server.url}/api/trials/${third.id}`)).json();
    if (thirdFull.failure === "illegal_edit" || thirdFull.failure === "patch_failure") return; // no code of its own
    expect(body.identical).toBe(false);
    expect(body.patch).toMatch(/^diff --git a\/\S+ b\/\S+\n--- a\//);
  });
});
