// A run Lineage's runner drives takes its trials from its evaluator only: an uploaded trace cannot
// add a better-scoring trial (or an agent) to it, though re-sending its own export changes nothing.
// Through the real server, whose runner evaluates the run.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postTrace, startServer, type TestServer } from "./support/server";
import { tempDir } from "./support/temp-db";

const S = "lineage-trace/1";
let dir: ReturnType<typeof tempDir>;
let server: TestServer;
let runId: string;

const get = async (path: string) => (await (await fetch(`${server.url}${path}`)).json()) as any;
const postJson = async (path: string, body: unknown) => {
  const res = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: server.url },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
};

beforeAll(async () => {
  dir = tempDir("lineage-ingest-runner-");
  server = await startServer(join(dir.dir, "l.db"));
  const started = await postJson("/api/runs", { task: "golf-mini", trials: 1 });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  runId = started.body.id;
  const end = Date.now() + 60_000;
  while ((await get(`/api/runs/${runId}`)).status !== "finished") {
    if (Date.now() > end) throw new Error("the run did not finish");
    await new Promise((r) => setTimeout(r, 250));
  }
}, 90_000);
afterAll(async () => {
  await server?.stop();
  dir?.cleanup();
});

describe("uploads into a runner-driven run", () => {
  it("a forged trial with a better score is refused, naming the run, and nothing changes", async () => {
    const before = await get(`/api/runs/${runId}`);
    const forged = { schema: S, type: "trial", id: "forged-1", runId, parentIds: [], hypothesis: "trust me", score: 0.0123, kept: true };
    const r = await postTrace(server.url, `${JSON.stringify(forged)}\n`, { Origin: server.url });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/driven by Lineage's runner/);
    expect(r.body.error.path).toEqual(["runId"]);
    const after = await get(`/api/runs/${runId}`);
    expect(after.summary).toEqual(before.summary);
    expect((await fetch(`${server.url}/api/trials/forged-1`)).status).toBe(404);
  });

  it("an agent cannot be added to it either", async () => {
    const agent = { schema: S, type: "agent", id: "intruder", runId, name: "intruder", surface: "model", proposer: "command:touch /tmp/x" };
    const r = await postTrace(server.url, `${JSON.stringify(agent)}\n`, { Origin: server.url });
    expect(r.status).toBe(409);
  });

  it("its own export re-sent unchanged is accepted and changes nothing", async () => {
    const trace = await (await fetch(`${server.url}/api/runs/${runId}/trace`)).text();
    const r = await postTrace(server.url, trace, { Origin: server.url });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.created.trial).toBe(0);
  });
});
