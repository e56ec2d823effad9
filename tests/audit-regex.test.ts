// Regexes against agent diffs, over HTTP on the real server (issue 9 item 7): a task pattern with
// nested quantifiers on a crafted line, a pattern that needs backtracking, and a multi-MB diff made
// to make the built-in evaluation patterns backtrack. Views read the analysis stored at record
// time, and /api/health answers while such a trial is being viewed.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postTrace, startServer, type TestServer } from "./support/server";
import { tempDir } from "./support/temp-db";
import { agent, run, task, toJsonl, trial } from "./support/traces";

let server: TestServer;
let dir: ReturnType<typeof tempDir>;

const timed = async (path: string) => {
  const t = performance.now();
  const res = await fetch(`${server.url}${path}`);
  await res.text();
  return { status: res.status, ms: performance.now() - t };
};
const audit = (id: string) => `/api/trials/${encodeURIComponent(id)}/verdicts`;

// JavaScript's engine took 3.9 s on 29 characters of this, doubling per character: 40 would take hours.
const CATASTROPHIC = "^(\\w+\\s?)*$";
// Lines of `open(` repeated: `(load|read|open)\w*\(.*\b(test|val|…)\b` backtracks over the whole
// line from every `open(` in JavaScript (quadratic per line); 7.8 MB of them took 8–11 s per view.
const BIG_LINE = "open(".repeat(400);
const bigDiff = () => {
  const lines = ["--- a/train.py", "+++ b/train.py", "@@ -1,3900 +1,3900 @@"];
  for (let i = 0; i < 3900; i++) lines.push("+" + BIG_LINE);
  return lines.join("\n") + "\n";
};

beforeAll(async () => {
  dir = tempDir();
  server = await startServer(join(dir.dir, "regex.db"));
});
afterAll(async () => {
  await server?.stop();
  dir?.cleanup();
});

describe("task patterns", () => {
  it("accepts the nested-quantifier pattern (RE2 runs it in linear time) and a view of a trial with a 40-character crafted line is fast", async () => {
    const records = [
      task("rx-task", {
        domains: [
          { name: "data", patterns: [CATASTROPHIC] },
          { name: "architecture", patterns: ["\\bn_head\\b"] },
        ],
      }),
      run("rx-run", "rx-task"),
      trial("rx-t1", { runId: "rx-run", parentIds: [], score: 1, diff: `--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n-x = 1;\n+${"a".repeat(40)}!\n` }),
      trial("rx-t2", { runId: "rx-run", parentIds: ["rx-t1"], score: 0.9, diff: `--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n-x\n+some plain words\n` }),
    ];
    const posted = await postTrace(server.url, toJsonl(records));
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    const view = await timed(audit("rx-t1"));
    expect(view.status).toBe(200);
    expect(view.ms).toBeLessThan(5000);
    const body = await (await fetch(`${server.url}${audit("rx-t1")}`)).json();
    expect(body.classification.classified).toEqual(["other"]); // the crafted line matches no rule
    const t2 = await (await fetch(`${server.url}${audit("rx-t2")}`)).json();
    expect(t2.classification.classified).toEqual(["data"]); // the pattern still means what it says
  });

  it("refuses a task whose pattern needs backtracking, naming the field, and stores nothing", async () => {
    const bad = task("rx-bad", {
      domains: [
        { name: "architecture", patterns: ["n_head"] },
        { name: "evaluation", patterns: ["test(?=_set)"] },
      ],
    });
    const res = await postTrace(server.url, toJsonl([bad]));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/domains\[1\]\.patterns\[0\]: lookahead and lookbehind assertions are not supported/);
    const tasks = await (await fetch(`${server.url}/api/tasks`)).json();
    expect(JSON.stringify(tasks)).not.toContain("rx-bad");
  });
});

describe("a trial with a multi-MB diff", () => {
  it("is analysed once when recorded; its views are fast and /api/health answers while they run", async () => {
    const diff = bigDiff();
    expect(diff.length).toBeGreaterThan(7_500_000);
    const t0 = performance.now();
    const posted = await postTrace(server.url, toJsonl([run("big-run", "rx-task"), trial("big-t1", { runId: "big-run", parentIds: [], score: 1, diff })]));
    console.log(`recording the ${(diff.length / 1e6).toFixed(1)} MB trial: ${(performance.now() - t0).toFixed(0)} ms`);
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);

    for (let round = 0; round < 2; round++) {
      const views = [
        audit("big-t1"),
        `/trials/${encodeURIComponent("big-t1")}`,
        "/api/runs/big-run/audit/review?domain=evaluation",
        "/api/runs/big-run/audit/queue",
      ].map(timed);
      await new Promise((r) => setTimeout(r, 20));
      const health = await timed("/api/health");
      const done = await Promise.all(views);
      console.log(`round ${round}: health ${health.ms.toFixed(0)} ms; views ${done.map((v) => v.ms.toFixed(0)).join(", ")} ms`);
      expect(health.status).toBe(200);
      expect(health.ms, `health waited ${health.ms} ms`).toBeLessThan(2000);
      for (const v of done) {
        expect(v.status).toBe(200);
        expect(v.ms).toBeLessThan(4000);
      }
    }
    const body = await (await fetch(`${server.url}${audit("big-t1")}`)).json();
    expect(body.classification).toMatchObject({ source: "diff", hunkCount: 1 });
  });
});
