// "The evaluator's files differ from the task's": the runner records the hash of each trial's
// protected files; once the task directory's evaluator is edited, the audit (over the real HTTP
// server) shows the finding with both hashes and the file that differs.
import { appendFileSync, chmodSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getTrialCodeRow } from "../db/runner-queries";
import { evaluatorFilesOf } from "../lib/domain/audit/evaluator-files";
import { sha256Hex } from "../lib/domain/canonical";
import { LoopRunner } from "../lib/runner/loop-runner";
import { loadTask } from "../lib/evaluator/task";
import { createRun } from "../lib/services/run-control";
import { listTrials } from "../lib/services/trials";
import { scoringEvaluator, writeTask } from "./runner-fixtures";
import { startServer, type TestServer } from "./support/server";
import { tempDb, tempDir } from "./support/temp-db";

let server: TestServer;
let store: ReturnType<typeof tempDb>;
let dir: ReturnType<typeof tempDir>;
let taskDir: string;
let trialIds: string[];

const findingsOf = async (trialId: string) => {
  const res = await fetch(`${server.url}/api/trials/${encodeURIComponent(trialId)}/verdicts`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { findings: { kind: string; message: string; evidence: any }[] }).findings;
};

beforeAll(async () => {
  store = tempDb();
  dir = tempDir("lineage-audit-eval-");
  chmodSync(dir.dir, 0o711); // the sandbox's uid must reach the workspaces under it
  taskDir = writeTask(join(dir.dir, "task"), { "evaluate.mjs": scoringEvaluator() });
  const { runId } = createRun(store.db, loadTask(taskDir), {
    task: "fixture",
    trials: 2,
    agents: [{ surface: "main", proposer: "command:sed -i 's/VALUE = 10/VALUE = 7/' recipe.mjs" }],
  });
  const runner = new LoopRunner({
    db: store.db,
    logTailChars: 4000,
    proposers: { openai: { baseUrl: "http://127.0.0.1:9", retries: 1, backoffMs: 10 } },
    onlyRunIds: [runId],
    pollMs: 50,
    workRoot: join(dir.dir, "work"),
  });
  await runner.runUntilIdle();
  await runner.stop();
  trialIds = listTrials(store.db, runId, { limit: 10, sort: "seq" }).items.map((t) => t.id);
  server = await startServer(store.path);
}, 120_000);
afterAll(async () => {
  await server?.stop();
  store?.cleanup();
  dir?.cleanup();
});

describe("evaluator files recorded per trial", () => {
  it("stores the hash of the protected files each trial's workspace held", () => {
    expect(trialIds).toHaveLength(2);
    const expected = evaluatorFilesOf({ "evaluate.mjs": sha256Hex(scoringEvaluator()) }, ["evaluate.mjs"]).hash;
    for (const id of trialIds) expect(getTrialCodeRow(store.db, id)?.evaluatorHash).toBe(expected);
  });

  it("no finding while the task's evaluator is the one the trials ran with", async () => {
    for (const id of trialIds) expect((await findingsOf(id)).map((f) => f.kind)).not.toContain("evaluator_changed");
  });

  it("after the task's evaluator is edited, every trial shows the finding with both hashes and the file", async () => {
    const ranWith = getTrialCodeRow(store.db, trialIds[1])!.evaluatorHash!;
    const file = join(taskDir, "recipe", "evaluate.mjs");
    appendFileSync(file, "\n// quietly changed after the run\n");
    const nowHash = evaluatorFilesOf({ "evaluate.mjs": sha256Hex(readFileSync(file, "utf8")) }, ["evaluate.mjs"]).hash;
    for (const id of trialIds) {
      const f = (await findingsOf(id)).find((x) => x.kind === "evaluator_changed");
      expect(f, id).toBeDefined();
      expect(f!.evidence.hashes).toEqual({ trial: ranWith, task: nowHash });
      expect(f!.evidence.files).toEqual([{ path: "evaluate.mjs", change: "changed" }]);
      expect(f!.message).toContain("evaluate.mjs (differs)");
    }
  });
});
