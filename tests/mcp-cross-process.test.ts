// A run's trial budget and parallelism hold across processes: two `lineage mcp` servers (separate
// processes, one database) submit into one run at the same moment, through the MCP SDK's client.
// What is in flight is counted in the database, so exactly what the run allows is evaluated and
// recorded; every other submission is refused with its reason.
import { join } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { createTwoFilesPatch } from "diff";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool, connectMcp, startRunPastBaseline, type RunnerProcess } from "./support/mcp-run";
import { tempDir } from "./support/temp-db";

const TRIALS = 4; // the baseline and three submissions
const PARALLEL = 2;

describe("submit_trial's budget and parallelism across two MCP processes", () => {
  let dir: ReturnType<typeof tempDir>;
  let runner: RunnerProcess;
  let clients: Client[] = [];
  let runId: string;

  beforeAll(async () => {
    dir = tempDir();
    const db = join(dir.dir, "two-servers.db");
    runner = await startRunPastBaseline(["golf-mini", "--agents", "model=mcp,codec=mcp", "--trials", String(TRIALS), "--parallel", String(PARALLEL)], db);
    runId = runner.runId;
    clients = await Promise.all(["agent-a", "agent-b"].map((name) => connectMcp(db, name)));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    runner?.kill();
    dir?.cleanup();
  });

  const call = callTool;
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

    expect(await runner.exited(30_000), runner.output()).toBe(0);
    const summary = await call(clients[1], "get_run", { runId });
    expect(summary.data).toMatchObject({ status: "finished", summary: { trialCount: TRIALS } });
    const trials = await call(clients[1], "list_trials", { runId, limit: 50 });
    expect(trials.data.items).toHaveLength(TRIALS);
  }, 180_000);
});
