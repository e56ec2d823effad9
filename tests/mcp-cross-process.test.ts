// A run's trial budget and parallelism hold across processes: two `lineage mcp` servers (separate
// processes, one database) submit into one run at the same moment, through the MCP SDK's client.
// What is in flight is counted in the database, so exactly what the run allows is evaluated and
// recorded; every other submission is refused with its reason.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { createTwoFilesPatch } from "diff";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./support/temp-db";

const BIN = join(import.meta.dirname, "..", "bin", "lineage.mjs");
type Data = Record<string, any>;
const TRIALS = 4; // the baseline and three submissions
const PARALLEL = 2;

describe("submit_trial's budget and parallelism across two MCP processes", () => {
  let dir: ReturnType<typeof tempDir>;
  let runner: ChildProcess;
  let runnerOut = "";
  let clients: Client[] = [];
  let runId: string;

  beforeAll(async () => {
    dir = tempDir();
    const db = join(dir.dir, "two-servers.db");
    runner = spawn(
      process.execPath,
      [BIN, "run", "golf-mini", "--agents", "model=mcp,codec=mcp", "--trials", String(TRIALS), "--parallel", String(PARALLEL), "--json", "--db", db],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    runner.stdout!.on("data", (d) => (runnerOut += d));
    runner.stderr!.on("data", (d) => (runnerOut += d));
    const end = Date.now() + 60_000;
    while (!/"event":"trial".*"seq":1/.test(runnerOut)) {
      if (Date.now() > end || runner.exitCode !== null) throw new Error(`the baseline did not finish:\n${runnerOut}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    runId = JSON.parse(runnerOut.split("\n").find((l) => l.includes('"event":"started"'))!).runId;
    clients = await Promise.all(
      ["agent-a", "agent-b"].map(async (name) => {
        const c = new Client({ name, version: "1.0.0" });
        await c.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, "mcp", "--db", db], stderr: "pipe" }));
        return c;
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    if (runner && runner.exitCode === null) runner.kill("SIGTERM");
    dir?.cleanup();
  });

  const call = async (client: Client, name: string, args: Record<string, unknown>) => {
    const r = await client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 });
    return { isError: Boolean(r.isError), data: r.structuredContent as Data, text: (r.content as { text: string }[])[0]?.text ?? "" };
  };
  async function submissions(n: number): Promise<{ agent: string; hypothesis: string; diff: string }[]> {
    const ctx = await call(clients[0], "get_lineage_context", { runId, agent: "codec" });
    const code = await call(clients[0], "get_trial_code", { trialId: ctx.data.parentId, path: "codec.mjs" });
    const codec = code.data.files[0].content as string;
    return Array.from({ length: n }, (_, i) => ({
      agent: "codec",
      hypothesis: `comment ${i}`,
      diff: createTwoFilesPatch("a/codec.mjs", "b/codec.mjs", codec, `${codec}// comment ${i}\n`, undefined, undefined, { context: 3 }),
    }));
  }
  /** Submits all at once, alternating between the two server processes. */
  const submitAtOnce = (subs: { agent: string; hypothesis: string; diff: string }[]) =>
    Promise.all(subs.map((s, i) => call(clients[i % 2], "submit_trial", { runId, ...s })));

  it("evaluates at most --parallel submissions at once between the two processes", async () => {
    const answers = await submitAtOnce(await submissions(4));
    const recorded = answers.filter((a) => !a.isError);
    const refused = answers.filter((a) => a.isError);
    expect(recorded, answers.map((a) => a.text).join("\n")).toHaveLength(PARALLEL);
    for (const r of recorded) expect(r.data.trialId).toEqual(expect.any(String));
    expect(refused).toHaveLength(2);
    for (const r of refused) expect(r.text).toMatch(/^rate_limited: run .* already evaluates 2 submission\(s\), its parallelism of 2/);
  }, 180_000);

  it("records exactly the trial budget when both processes submit past it", async () => {
    // three trials recorded (the baseline and two); the budget leaves one, and both ask for it
    const answers = await submitAtOnce(await submissions(2));
    const recorded = answers.filter((a) => !a.isError);
    expect(recorded, answers.map((a) => a.text).join("\n")).toHaveLength(1);
    const refused = answers.find((a) => a.isError)!;
    expect(refused.text).toMatch(/^conflict: run .* has spent its trial budget of 4 \(3 recorded, 1 being evaluated\)|is finished/);

    const end = Date.now() + 30_000;
    while (runner.exitCode === null && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(runner.exitCode, runnerOut).toBe(0);
    const summary = await call(clients[1], "get_run", { runId });
    expect(summary.data).toMatchObject({ status: "finished", summary: { trialCount: TRIALS } });
    const trials = await call(clients[1], "list_trials", { runId, limit: 50 });
    expect(trials.data.items).toHaveLength(TRIALS);
  }, 180_000);
});
