// POST /api/trace against the real server: atomic, idempotent, and every bad input refused with a
// named problem and no write at all (../shared/RELIABILITY.md cases 1–8, 11).
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fingerprint } from "./support/fingerprint";
import { postTrace, startServer, type TestServer } from "./support/server";
import { tempDir } from "./support/temp-db";
import { agent, run, smallTrace, task, toJsonl, trial } from "./support/traces";

let server: TestServer;
let dir: ReturnType<typeof tempDir>;
let dbPath: string;

beforeAll(async () => {
  dir = tempDir();
  dbPath = join(dir.dir, "ingest.db");
  server = await startServer(dbPath, { LINEAGE_BODY_LIMIT_BYTES: String(1024 * 1024), LINEAGE_LOG_TAIL_BYTES: "4096" });
  expect((await postTrace(server.url, toJsonl(smallTrace()))).status).toBe(201);
});
afterAll(async () => {
  await server?.stop();
  dir?.cleanup();
});

/** Posts `body` and asserts it is refused with `status`, a message matching `message`, and nothing stored. */
async function expectRefused(body: string | Uint8Array, status: number, message: RegExp, headers: Record<string, string> = {}) {
  const before = fingerprint(dbPath);
  const res = await postTrace(server.url, body, headers);
  expect(res.status).toBe(status);
  expect(res.body.error.message).toMatch(message);
  expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+/); // no stack trace
  expect(fingerprint(dbPath)).toBe(before);
  expect((await fetch(`${server.url}/api/health`)).ok).toBe(true);
  return res.body.error;
}

const next = (id: string, extra: Record<string, unknown> = {}) => toJsonl([trial(id, { parentIds: ["t1"], score: 1.3, ...extra })]);

describe("ingestion", () => {
  it("answers counts per type and the ids it created", async () => {
    const res = await postTrace(server.url, next("n1"));
    expect(res.status).toBe(201);
    expect(res.body.created.trial).toBe(1);
    expect(res.body.ids.trial).toEqual(["n1"]);
  });

  it("refuses a whole batch with one bad line in the middle, naming the line and field path", async () => {
    const body = toJsonl([
      trial("b1", { parentIds: ["t1"], score: 1 }),
      trial("b2", { parentIds: ["t1"], score: "1.2" }),
      trial("b3", { parentIds: ["t1"], score: 1 }),
    ]);
    const err = await expectRefused(body, 400, /^line 2: field score: /);
    expect(err).toMatchObject({ code: "invalid_input", line: 2, path: ["score"] });
  });

  it("accepts an identical re-send without duplicating anything", async () => {
    const before = fingerprint(dbPath);
    const res = await postTrace(server.url, toJsonl(smallTrace()));
    expect(res.status).toBe(200);
    expect(res.body.unchanged.trial).toBe(4);
    expect(fingerprint(dbPath)).toBe(before);
  });

  it("answers 409 to the same id with different content", async () => {
    const err = await expectRefused(toJsonl([trial("t1", { parentIds: ["t0"], score: 0.1 })]), 409, /trial "t1" already exists with different content/);
    expect(err.code).toBe("conflict");
  });

  it("records client times as given and keeps its own receive time", async () => {
    await postTrace(server.url, next("future", { startedAt: "2999-01-01T00:00:00Z" }));
    const t = await (await fetch(`${server.url}/api/trials/future`)).json();
    expect(t.startedAt).toBe("2999-01-01T00:00:00Z");
    expect(Math.abs(Date.parse(t.receivedAt) - Date.now())).toBeLessThan(60_000);
  });
});

describe("malformed JSON is refused, the server stays up", () => {
  it.each([
    ["a truncated line", '{"schema":"lineage-trace/1","type":"trial"', /line 1: not valid JSON/],
    ["trailing garbage", `${JSON.stringify(trial("g1", { parentIds: ["t1"] }))} xyz`, /line 1: not valid JSON/],
    ["a byte-order mark", `\uFEFF${JSON.stringify(trial("g2", { parentIds: ["t1"] }))}`, /line 1: starts with a byte-order mark/],
    ["NaN", `{"schema":"lineage-trace/1","type":"trial","id":"g3","runId":"run-1","hypothesis":"h","score":NaN}`, /line 1: not valid JSON/],
    [
      "deeply nested arrays",
      `{"schema":"lineage-trace/1","type":"trial","id":"g4","runId":"run-1","hypothesis":"h","extra":{"x":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`,
      /line 1: (not valid JSON|nested deeper)/,
    ],
  ])("%s", async (_name, body, message) => {
    await expectRefused(body + "\n", 400, message);
  });
});

describe("wrong shapes are refused with the zod issue path", () => {
  it.each([
    ["a missing required field", { ...trial("s1"), hypothesis: undefined }, "hypothesis"],
    ["a number as a string", trial("s2", { parentIds: ["t1"], wallclockSeconds: "12" }), "wallclockSeconds"],
    ["an unknown key", trial("s3", { parentIds: ["t1"], scroe: 1 }), "(record|scroe)"],
    ["an object where a string belongs", trial("s4", { parentIds: ["t1"], hypothesis: { text: "x" } }), "hypothesis"],
    ["a nested wrong field", task("tk", { metric: { name: "m", direction: "sideways" } }), "metric.direction"],
    ["1e999", trial("s5", { parentIds: ["t1"] }), "score", '"score":1e999'],
    ["a numeric id beyond 2^53", { ...trial("x"), id: 12345678901234567890 }, "id"],
    ["a failure with a score", trial("s6", { parentIds: ["t1"], failure: "crash", score: 1 }), "score"],
    ["an unknown failure label", trial("s7", { parentIds: ["t1"], failure: "oops" }), "failure"],
  ])("%s", async (_name, record, path, patch?: string) => {
    let line = JSON.stringify(record);
    if (patch) line = line.replace(/}$/, `,${patch}}`);
    const err = await expectRefused(line + "\n", 400, new RegExp(`line 1: (field )?${path}`));
    expect(err.code).toBe("invalid_input");
  });
});

describe("references", () => {
  it("refuses a parent that does not exist", async () => {
    await expectRefused(next("r1", { parentIds: ["ghost"] }), 422, /line 1: parentIds\[0\]: trial "ghost" does not exist/);
  });
  it("refuses a trial that is its own parent", async () => {
    await expectRefused(next("r2", { parentIds: ["r2"] }), 400, /parentIds: a trial cannot be its own parent/);
  });
  it("refuses a parent in another run", async () => {
    await postTrace(server.url, toJsonl([run("run-2"), trial("other-0", { runId: "run-2", parentIds: [], score: 2 })]));
    await expectRefused(next("r3", { parentIds: ["other-0"] }), 422, /parentIds\[0\]: trial "other-0" belongs to another run/);
  });
  it("refuses a run of a task that does not exist and an agent of a missing run", async () => {
    await expectRefused(toJsonl([run("run-x", "no-task")]), 422, /taskId: task "no-task" does not exist/);
    await expectRefused(toJsonl([agent("ag", "no-run")]), 422, /runId: run "no-run" does not exist/);
  });
});

describe("size limits", () => {
  it("answers 413 to a body over the limit, counted while streaming", async () => {
    const big = "x".repeat(1024 * 1024 + 10);
    // No Content-Length: a streamed body is counted as it arrives.
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const before = fingerprint(dbPath);
    const res = await fetch(`${server.url}/api/trace`, {
      method: "POST",
      headers: { "Content-Type": "application/x-ndjson" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
    expect(fingerprint(dbPath)).toBe(before);
  });
  it("refuses a hypothesis over its cap by field", async () => {
    await expectRefused(next("big-h", { hypothesis: "h".repeat(64_001) }), 400, /field hypothesis: longer than 64000/);
  });
  it("keeps the tail of a long log and says so", async () => {
    await postTrace(server.url, next("long-log", { score: undefined, failure: "crash", log: "a".repeat(10_000) + "THE END" }));
    const t = await (await fetch(`${server.url}/api/trials/long-log`)).json();
    expect(t.log).toMatch(/^\[lineage: \d+ characters cut from the start\]\n/);
    expect(t.log.endsWith("THE END")).toBe(true);
  });
});

describe("text is stored exactly or refused, by a documented rule", () => {
  it("refuses invalid UTF-8 with its line", async () => {
    const good = new TextEncoder().encode(next("u1"));
    const bad = new Uint8Array([...good, ...new TextEncoder().encode('{"x":"'), 0xff, 0xfe, ...new TextEncoder().encode('"}\n')]);
    await expectRefused(bad, 400, /line 2: not valid UTF-8/);
  });
  it("stores NUL bytes, bidi overrides and markup in free text exactly as given", async () => {
    const hypothesis = "a\u0000b \u202Egnp.exe <script>alert(1)</script> <img src=x onerror=alert(1)>";
    expect((await postTrace(server.url, next("u2", { hypothesis }))).status).toBe(201);
    const t = await (await fetch(`${server.url}/api/trials/u2`)).json();
    expect(t.hypothesis).toBe(hypothesis);
  });
  it("refuses control characters and bidi overrides in ids", async () => {
    await expectRefused(next("evil\u202Eid"), 400, /line 1: field id: must be printable/);
    await expectRefused(next("nul\u0000id"), 400, /line 1: field id: must be printable/);
  });
});

describe("transport checks", () => {
  it("refuses a wrong Content-Type, as a cross-site form post would send", async () => {
    await expectRefused(next("c1"), 415, /Content-Type must be application\/x-ndjson/, { "Content-Type": "application/x-www-form-urlencoded" });
    await expectRefused(next("c2"), 415, /Content-Type/, { "Content-Type": "text/plain" });
  });
  it("refuses a foreign Origin and a cross-site fetch", async () => {
    await expectRefused(next("c3"), 403, /cross-origin request from https:\/\/evil.example refused/, { Origin: "https://evil.example" });
    await expectRefused(next("c4"), 403, /cross-site/, { "Sec-Fetch-Site": "cross-site" });
  });
  it("refuses a foreign Host, on the API and on pages (DNS rebinding)", async () => {
    const { request } = await import("node:http");
    const get = (path: string, method = "GET") =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: "127.0.0.1", port: server.port, path, method, headers: { Host: "rebind.evil.example" } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on("error", reject);
        req.end();
      });
    expect(await get("/api/runs")).toBe(403);
    expect(await get("/")).toBe(403);
    expect(await get("/api/trace", "POST")).toBe(403);
  });
});
