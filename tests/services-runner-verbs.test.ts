// The service verbs the scheduler calls, against a temporary database migrated with the real
// migrations, no server and no evaluation: recording an outcome (keep decided once, feedback saying
// so), the proposer's lineage context, run leases, trial jobs and their recovery, the re-evaluation queue.
import { join } from "node:path";
import { ulid } from "ulid";
import { afterEach, describe, expect, it } from "vitest";
import * as read from "../db/read-queries";
import { loadTask, type LoadedTask } from "../lib/evaluator/task";
import { lineageContext } from "../lib/services/lineage-context";
import { recordOutcome, type PlannedTrial } from "../lib/services/record-outcome";
import { requestReevaluation } from "../lib/services/reeval";
import { createRun } from "../lib/services/run-control";
import { claimRun, releaseRun, runProgress, takeQueuedReeval } from "../lib/services/runner-registry";
import { beginTrialJob, jobsLeftInRun, noteTrialJobSubmitted, recordInterrupted } from "../lib/services/trial-jobs";
import { scoringEvaluator, writeTask } from "./runner-fixtures";
import { tempDb, tempDir } from "./support/temp-db";

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function setup() {
  const store = tempDb();
  const { dir, cleanup } = tempDir("lineage-verbs-");
  cleanups.push(store.cleanup, cleanup);
  const task: LoadedTask = loadTask(writeTask(join(dir, "task"), { "evaluate.mjs": scoringEvaluator() }));
  const run = createRun(store.db, task, { task: "fixture", trials: 10 });
  return { db: store.db, task, runId: run.runId, agentId: run.agents[0].id };
}

const planned = (runId: string, parentIds: string[], extra: Partial<PlannedTrial> = {}): PlannedTrial => ({
  id: ulid(),
  runId,
  parentIds,
  contextRefs: [],
  hypothesis: "h",
  startedAt: new Date().toISOString(),
  ...extra,
});

describe("recordOutcome", () => {
  it("decides new best once: a better score is kept and its feedback says so, a worse one is discarded, a failure is never kept", () => {
    const { db, task, runId, agentId } = setup();
    const base = recordOutcome(db, planned(runId, []), { score: 10, metrics: { score: 10 } }, { logTailChars: 100, code: task.baseline });
    expect(base).toMatchObject({ seq: 1, kept: true, isBest: true });
    const better = recordOutcome(db, planned(runId, [base.id], { agentId }), { score: 7, artifactBytes: 20 }, { logTailChars: 100 });
    const worse = recordOutcome(db, planned(runId, [better.id], { agentId }), { score: 9 }, { logTailChars: 100 });
    const failed = recordOutcome(db, planned(runId, [better.id], { agentId }), { failure: "crash", failureDetail: "exit 3" }, { logTailChars: 100 });
    expect([better.kept, worse.kept, failed.kept]).toEqual([true, false, false]);
    const row = (id: string) => read.getTrialRow(db, id)!;
    expect(row(better.id)).toMatchObject({ kept: true, isBest: true, feedback: "score=7, Δ=-3 vs parent, artifact 20 bytes; new best, kept" });
    expect(row(worse.id)).toMatchObject({ kept: false, isBest: false, feedback: "score=9, Δ=+2 vs parent; discarded" });
    expect(row(failed.id).feedback).toBe("crash: exit 3");
    expect(read.getRunStats(db, runId)).toMatchObject({ bestScore: 7, bestTrialId: better.id, trialCount: 4 });
  });
});

describe("lineageContext", () => {
  it("has nothing to build on before the baseline; afterwards the best is the parent, with its code, and the text names it", () => {
    const { db, task, runId, agentId } = setup();
    const agent = { name: "main", surface: "main", proposer: "builtin:mutate" };
    expect(lineageContext(db, runId, task.record, agent)).toBeUndefined();
    const base = recordOutcome(db, planned(runId, []), { score: 10 }, { logTailChars: 100, code: task.baseline });
    const next = new Map(task.baseline).set("recipe.mjs", "export const VALUE = 4;\n");
    const best = recordOutcome(db, planned(runId, [base.id], { agentId, hypothesis: "smaller VALUE" }), { score: 4 }, { logTailChars: 100, code: next });
    const ctx = lineageContext(db, runId, task.record, agent)!;
    expect(ctx.parent.id).toBe(best.id);
    expect(ctx.parent.files.get("recipe.mjs")).toBe("export const VALUE = 4;\n");
    expect(ctx.view.bestLineage.map((t) => t.id)).toEqual([base.id, best.id]);
    expect(ctx.text).toContain("Current best: **#2**");
    expect(ctx.refs).toEqual(expect.arrayContaining([base.id, best.id]));
  });
});

describe("run leases", () => {
  it("a fresh lease of a live runner keeps the run; a stale one is taken over; a released one is free", () => {
    const { db, runId } = setup();
    const a = { id: "runner-a", pid: process.pid };
    const b = { id: "runner-b", pid: process.pid };
    expect(claimRun(db, runId, a, 60_000, new Date().toISOString())).toMatchObject({ trialCount: 0, config: { trials: 10 } });
    expect(claimRun(db, runId, b, 60_000, new Date().toISOString())).toBeUndefined();
    // a's heartbeat is older than b's staleness bound
    expect(claimRun(db, runId, b, 0, new Date().toISOString())).toBeDefined();
    releaseRun(db, runId, b.id);
    expect(claimRun(db, runId, a, 60_000, new Date().toISOString())).toBeDefined();
    expect(runProgress(db, runId)).toEqual({ status: "running", trialCount: 0, hasBaseline: false });
  });

  it("a run that is not running, or not started by this Lineage, is never claimed", () => {
    const { db } = setup();
    expect(claimRun(db, "no-such-run", { id: "r", pid: process.pid }, 0, new Date().toISOString())).toBeUndefined();
  });
});

describe("trial jobs", () => {
  it("a job in flight is stored with its code and executor id; a successor records it as interrupted and the job row goes", () => {
    const { db, task, runId, agentId } = setup();
    const base = recordOutcome(db, planned(runId, []), { score: 10 }, { logTailChars: 100, code: task.baseline });
    const p = planned(runId, [base.id], { agentId });
    const hash = beginTrialJob(db, {
      id: p.id,
      runId,
      runnerId: "dead",
      planned: p,
      workspace: "/tmp/nowhere/eval",
      files: task.baseline,
      startedAt: p.startedAt,
    });
    noteTrialJobSubmitted(db, p.id, "424242");
    expect(jobsLeftInRun(db, runId, "dead")).toEqual([]);
    const [left] = jobsLeftInRun(db, runId, "successor");
    expect(left).toMatchObject({ id: p.id, runnerId: "dead", workspace: "/tmp/nowhere/eval", executorJobId: "424242", snapshotHash: hash });
    const r = recordInterrupted(db, left, 100);
    expect(read.getTrialRow(db, r.id)).toMatchObject({ failure: "infra_error", kept: false });
    expect(jobsLeftInRun(db, runId, "successor")).toEqual([]);
  });
});

describe("re-evaluation queue", () => {
  it("two runners taking from the queue never get the same request", () => {
    const { db, task, runId } = setup();
    const base = recordOutcome(db, planned(runId, []), { score: 10 }, { logTailChars: 100, code: task.baseline });
    const first = requestReevaluation(db, { trialId: base.id, actor: "alice" });
    const second = requestReevaluation(db, { trialId: base.id, actor: "bob" });
    const now = new Date().toISOString();
    const a = takeQueuedReeval(db, "runner-a", (id) => `/w/${id}`, now);
    const b = takeQueuedReeval(db, "runner-b", (id) => `/w/${id}`, now);
    expect(new Set([a, b])).toEqual(new Set([first.id, second.id]));
    expect(takeQueuedReeval(db, "runner-c", (id) => `/w/${id}`, now)).toBeUndefined();
  });
});
