// The loop end to end on a temp database: golf-mini with builtin:mutate, scripted command agents
// (good and misbehaving), and an OpenAI-compatible endpoint served by the test.
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as read from "../db/read-queries";
import { LoopRunner } from "../lib/runner/loop-runner";
import { resolveTask } from "../lib/evaluator/task";
import { codeOfTrial } from "../lib/services/code-snapshots";
import { createRun, getRunControl } from "../lib/services/run-control";
import { getTrial, listTrials } from "../lib/services/trials";
import { verifyRun } from "../lib/services/verify-run";
import { scoringEvaluator, writeTask } from "./runner-fixtures";
import { tempDb, tempDir } from "./support/temp-db";

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function setup() {
  const store = tempDb();
  const dir = tempDir("lineage-loop-");
  cleanups.push(store.cleanup, dir.cleanup);
  return { db: store.db, dir: dir.dir };
}

async function drive(db: ReturnType<typeof tempDb>["db"], runId: string, openai = { baseUrl: "http://127.0.0.1:9", retries: 1, backoffMs: 10 }) {
  const runner = new LoopRunner({ db, logTailChars: 8000, proposers: { openai }, onlyRunIds: [runId], pollMs: 50 });
  await runner.runUntilIdle();
  await runner.stop();
}

const trialsOf = (db: ReturnType<typeof tempDb>["db"], runId: string) =>
  listTrials(db, runId, { limit: 500, sort: "seq" }).items.map((t) => getTrial(db, t.id));

describe("the loop on golf-mini with builtin:mutate", () => {
  it("runs to its budget, improves on the baseline, stores code, contexts and an intact chain", async () => {
    const { db } = setup();
    const { runId } = createRun(db, resolveTask("golf-mini"), { task: "golf-mini", trials: 10, parallel: 2, seed: 1 });
    await drive(db, runId);
    const trials = trialsOf(db, runId);
    expect(trials).toHaveLength(10);
    expect(trials.map((t) => t.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(trials[0].parentIds).toEqual([]);
    expect(read.getRunRow(db, runId)!.status).toBe("finished");
    expect(verifyRun(db, runId).intact).toBe(true);
    const stats = read.getRunStats(db, runId)!;
    expect(stats.bestScore!).toBeLessThan(stats.baselineScore! - 0.1);
    const later = trials.slice(1);
    for (const t of later) {
      expect(t.hypothesis.length).toBeGreaterThan(20);
      expect(t.context).toContain("You are specialist");
      expect(t.contextRefs.length).toBeGreaterThan(0);
      if (!t.failure || t.failure === "size_failure") expect(codeOfTrial(db, t.id)?.get("model.mjs")).toBeDefined();
    }
    // The stored code of a trial is its parent's code with its diff applied.
    const edited = later.find((t) => !t.failure)!;
    expect(edited.diff).toMatch(/^diff --git a\/(model|codec)\.mjs/);
  });

  it("feedback none: proposals see the task and the baseline only", async () => {
    const { db } = setup();
    const { runId } = createRun(db, resolveTask("golf-mini"), { task: "golf-mini", trials: 4, parallel: 2, feedback: "none", seed: 2 });
    await drive(db, runId);
    const trials = trialsOf(db, runId);
    for (const t of trials.slice(1)) {
      expect(t.contextRefs).toEqual([trials[0].id]);
      expect(t.parentIds).toEqual([trials[0].id]);
      expect(t.context).toContain("Control run");
      expect(t.context).not.toContain("Recent activity");
    }
  });
});

describe("command proposers (scripted agents)", () => {
  async function runWith(agentScript: string, trials = 2) {
    const { db, dir } = setup();
    const task = writeTask(join(dir, "task"), { "evaluate.mjs": scoringEvaluator() });
    const { runId } = createRun(db, resolveTask(task), { task: "fixture", trials, agents: [{ surface: "main", proposer: `command:${agentScript}` }] });
    await drive(db, runId);
    return { db, runId, trials: trialsOf(db, runId) };
  }

  it("the agent's workspace diff is its edit, its hypothesis file its hypothesis", async () => {
    const { trials, db } = await runWith(
      `test -s "$LINEAGE_CONTEXT_FILE" && sed -i 's/VALUE = 10/VALUE = 7/' recipe.mjs && echo "seven beats ten" > "$LINEAGE_HYPOTHESIS_FILE"`,
    );
    expect(trials[1].failure).toBeUndefined();
    expect(trials[1].score).toBe(7);
    expect(trials[1].hypothesis).toBe("seven beats ten");
    expect(trials[1].diff).toContain("+export const VALUE = 7;");
    expect(trials[1].isBest).toBe(true);
    expect(codeOfTrial(db, trials[1].id)?.get("recipe.mjs")).toBe("export const VALUE = 7;\n");
  });

  const bad: [string, string, string, RegExp][] = [
    ["editing the evaluator", `echo 'writeFileSync("result.json", "{\\"score\\":0}")' >> evaluate.mjs`, "illegal_edit", /protected path evaluate\.mjs/],
    ["leaving its surface", `echo x > other.txt`, "illegal_edit", /outside the agent's surface/],
    ["changing nothing", `true`, "patch_failure", /no edit/],
    ["creating a symlink", `ln -s /etc/passwd notes`, "patch_failure", /symbolic link/],
    ["failing", `echo "model overloaded" >&2; exit 4`, "patch_failure", /exited with code 4: model overloaded/],
  ];
  for (const [what, script, label, detail] of bad) {
    it(`an agent ${what} gives a ${label} trial, nothing is run, the loop goes on`, async () => {
      const { trials } = await runWith(script, 3);
      expect(trials).toHaveLength(3);
      for (const t of trials.slice(1)) {
        expect(t.failure).toBe(label);
        expect(t.failureDetail).toMatch(detail);
        expect(t.log).toBeUndefined();
      }
    });
  }
});

describe("openai proposers (an OpenAI-compatible endpoint served by the test)", () => {
  async function serve(answer: (body: any) => string): Promise<{ url: string; server: Server; requests: any[] }> {
    const requests: any[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        const parsed = JSON.parse(body);
        requests.push({ path: req.url, auth: req.headers.authorization, body: parsed });
        res.setHeader("Content-Type", "application/json");
        res.end(JSON.stringify({ choices: [{ message: { role: "assistant", content: answer(parsed) } }] }));
      });
    }).listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    cleanups.push(() => server.close());
    return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`, server, requests };
  }

  async function runAgainst(url: string, trials = 2) {
    const { db, dir } = setup();
    const task = writeTask(join(dir, "task"), { "evaluate.mjs": scoringEvaluator() });
    const { runId } = createRun(db, resolveTask(task), { task: "fixture", trials, agents: [{ surface: "main", proposer: "openai:test-model" }] });
    await drive(db, runId, { baseUrl: url, retries: 2, backoffMs: 10 });
    return { db, runId, trials: trialsOf(db, runId) };
  }

  const diff = "diff --git a/recipe.mjs b/recipe.mjs\n--- a/recipe.mjs\n+++ b/recipe.mjs\n@@ -1 +1 @@\n-export const VALUE = 10;\n+export const VALUE = 3;\n";

  it("a hypothesis and a diff from the endpoint become an evaluated trial", async () => {
    const { url, requests } = await serve(() => `HYPOTHESIS: three is smaller\n\`\`\`diff\n${diff}\`\`\`\n`);
    const { trials } = await runAgainst(url);
    expect(trials[1].score).toBe(3);
    expect(trials[1].hypothesis).toBe("three is smaller");
    expect(requests[0].path).toBe("/v1/chat/completions");
    expect(requests[0].body.model).toBe("test-model");
    expect(requests[0].body.messages[1].content).toContain("export const VALUE = 10;");
  });

  const answers: [string, string, string][] = [
    ["no diff", "HYPOTHESIS: I have a feeling.", "patch_failure"],
    ["a malformed diff", "HYPOTHESIS: x\n```diff\n@@ garbage @@\n```", "patch_failure"],
    ["a diff with ..", `HYPOTHESIS: x\n\`\`\`diff\n${diff.replaceAll("recipe.mjs", "../../etc/cron.d/x")}\`\`\``, "illegal_edit"],
    ["an absolute path", `HYPOTHESIS: x\n\`\`\`diff\n--- /etc/hosts\n+++ /etc/hosts\n@@ -1 +1 @@\n-a\n+b\n\`\`\``, "illegal_edit"],
    ["a binary patch", "HYPOTHESIS: x\n```diff\ndiff --git a/recipe.mjs b/recipe.mjs\nGIT binary patch\nliteral 3\nabc\n```", "patch_failure"],
    [
      "a 50 MB edit",
      `HYPOTHESIS: big\n\`\`\`diff\n--- a/recipe.mjs\n+++ b/recipe.mjs\n@@ -1 +1 @@\n-x\n+${"y".repeat(50 * 1024 * 1024)}\n\`\`\``,
      "patch_failure",
    ],
  ];
  for (const [what, answer, label] of answers) {
    it(`an answer with ${what} is a ${label} trial and the loop goes on`, async () => {
      const { url } = await serve(() => answer);
      const { trials, runId, db } = await runAgainst(url, 3);
      expect(trials.map((t) => t.failure ?? null)).toEqual([null, label, label]);
      expect(read.getRunRow(db, runId)!.status).toBe("finished");
    });
  }

  it("an unreachable endpoint is retried, then the run pauses with the reason", async () => {
    const { db, dir } = setup();
    const task = writeTask(join(dir, "task"), { "evaluate.mjs": scoringEvaluator() });
    const { runId } = createRun(db, resolveTask(task), { task: "fixture", trials: 3, agents: [{ surface: "main", proposer: "openai:test-model" }] });
    await drive(db, runId, { baseUrl: "http://127.0.0.1:9/v1", retries: 2, backoffMs: 10 });
    const control = getRunControl(db, runId);
    expect(control.status).toBe("paused");
    expect(control.pausedReason).toMatch(/unreachable.*gave up after 3 attempts/);
    expect(control.trials).toBe(1); // the baseline only: no trial recorded for an unanswered proposal
  });
});
