// A run with a built-in agent and an external one: `lineage run golf-mini --agents
// model=builtin:mutate,codec=mcp` proposes for model while two `lineage mcp` processes (the SDK's
// client over stdio) keep submitting codec edits that are slow to evaluate, racing the runner for
// slots. The runner and the submissions claim their slots in one place, so the run records exactly
// its trial budget and its trials' times never show more than --parallel evaluations at once.
import { join } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { createTwoFilesPatch } from "diff";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../db/client";
import { callTool, connectMcp, startRunPastBaseline, type RunnerProcess } from "./support/mcp-run";
import { MIGRATIONS, tempDir } from "./support/temp-db";

const TRIALS = 14;
const PARALLEL = 2;
// the codec sleeps when it is loaded, so a submission stays in flight long enough to overlap the runner's trials
const SLOW_CODEC = "\n{ const until = Date.now() + 700; while (Date.now() < until); }\n";

/** The most trials whose [started, finished) times overlap at one instant. */
function mostAtOnce(trials: { startedAt: string; finishedAt: string }[]): number {
  const edges = trials.flatMap((t) => [
    { at: Date.parse(t.startedAt), d: 1 },
    { at: Date.parse(t.finishedAt), d: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.d - b.d); // one finishing as another starts is not both at once
  let now = 0;
  let most = 0;
  for (const e of edges) most = Math.max(most, (now += e.d));
  return most;
}

describe("a run with a built-in and an mcp agent", () => {
  let dir: ReturnType<typeof tempDir>;
  let db: string;
  let runner: RunnerProcess;
  let clients: Client[] = [];

  beforeAll(async () => {
    dir = tempDir();
    db = join(dir.dir, "mixed.db");
    runner = await startRunPastBaseline(
      ["golf-mini", "--agents", "model=builtin:mutate,codec=mcp", "--trials", String(TRIALS), "--parallel", String(PARALLEL)],
      db,
    );
    clients = await Promise.all(["agent-a", "agent-b"].map((name) => connectMcp(db, name)));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    runner?.kill();
    dir?.cleanup();
  });

  it("holds the trial budget and the parallelism for the runner's trials and the submissions together", async () => {
    const { runId } = runner;
    const ctx = await callTool(clients[0], "get_lineage_context", { runId, agent: "codec" });
    const baselineId = ctx.data.parentId as string;
    const codec = (await callTool(clients[0], "get_trial_code", { trialId: baselineId, path: "codec.mjs" })).data.files[0].content as string;
    const answers: string[] = [];
    // each submitter retries a full run at once and stops at the budget or the end of the run
    const submitter = async (client: Client, who: number) => {
      for (let i = 0; ; i++) {
        const diff = createTwoFilesPatch("a/codec.mjs", "b/codec.mjs", codec, `${codec}${SLOW_CODEC}// ${who}.${i}\n`, undefined, undefined, { context: 3 });
        const r = await callTool(client, "submit_trial", { runId, agent: "codec", hypothesis: `a slow codec ${who}.${i}`, diff, parentIds: [baselineId] });
        answers.push(r.isError ? r.text : "recorded");
        if (r.isError && !r.text.startsWith("rate_limited:")) return;
        if (r.isError) await new Promise((res) => setTimeout(res, 5));
      }
    };
    await Promise.all(clients.flatMap((c, i) => [submitter(c, 2 * i), submitter(c, 2 * i + 1)]));
    for (const a of answers.filter((x) => x !== "recorded" && !x.startsWith("rate_limited:")))
      expect(a).toMatch(/has spent its trial budget of 14|is finished; submissions are taken only while it runs/);

    expect(await runner.exited(60_000), runner.output()).toBe(0);
    const store = openDatabase(db, { migrationsFolder: MIGRATIONS });
    try {
      const trials = store.$client
        .prepare(
          "SELECT t.started_at AS startedAt, t.finished_at AS finishedAt, a.name AS agentName FROM trials t LEFT JOIN agents a ON a.id = t.agent_id WHERE t.run_id = ?",
        )
        .all(runId) as { startedAt: string; finishedAt: string; agentName: string | null }[];
      expect(trials, runner.output()).toHaveLength(TRIALS);
      const byAgent = (name: string) => trials.filter((t) => t.agentName === name).length;
      // both kinds of agent had trials in it: the race was real
      expect(byAgent("codec"), answers.join("\n")).toBeGreaterThan(0);
      expect(byAgent("model")).toBeGreaterThan(0);
      expect(mostAtOnce(trials)).toBeLessThanOrEqual(PARALLEL);
    } finally {
      store.$client.close();
    }
  }, 300_000);
});
