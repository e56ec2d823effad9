// npm run bench:loop — efficacy and overhead of the loop (a benchmark, never a test). Runs each
// built-in task (golf-mini, airbench-mini) with builtin:mutate under feedback "lineage" and the
// control "none", the same trial budget and the same seeds each; beside the improvement, the figure
// "failures turned into fixes" (bench/fixes.ts): the share of failed trials, by label, that a later
// trial on the same surface saw in its context and that then became the new best. Then the runner's
// own overhead per trial and P10 (sandbox overhead against a plain spawn; everything dead soon after a
// timeout). The last line is one JSON object; its top-level lineage/none are golf-mini's, as before.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type Db } from "../db/client";
import * as read from "../db/read-queries";
import { improvementPct } from "../lib/domain/scores";
import { createRun } from "../lib/services/run-control";
import { listTrials, getTrial } from "../lib/services/trials";
import { LoopRunner } from "../lib/runner/loop-runner";
import { runSandboxed } from "../lib/evaluator/sandbox";
import { resolveTask } from "../lib/evaluator/task";
import { describeFixes, failuresTurnedIntoFixes, type FixTrial } from "./fixes";

// BENCH_TASKS=golf-mini:40,airbench-mini:24 (task:trials per run); BENCH_TRIALS sets every task's.
const TASKS = (process.env.BENCH_TASKS ?? "golf-mini:40,airbench-mini:24").split(",").map((t) => {
  const [id, trials] = t.split(":");
  return { id, trials: Number(process.env.BENCH_TRIALS ?? trials ?? 40) };
});
const SEEDS = (process.env.BENCH_SEEDS ?? "1,2,3").split(",").map(Number);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 2);

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, d = 4) => Number(x.toFixed(d));

type ArmRun = { baseline: number; best: number; improvementPct: number; trials: number; failures: Record<string, number>; lineage: FixTrial[] };

async function benchTask(db: Db, taskId: string, trials: number, overheadsMs: number[]) {
  const task = resolveTask(taskId);
  const direction = task.record.metric.direction;
  const arms: Record<"lineage" | "none", ArmRun[]> = { lineage: [], none: [] };
  for (const seed of SEEDS) {
    for (const feedback of ["lineage", "none"] as const) {
      const started = performance.now();
      const { runId } = createRun(db, task, {
        task: task.record.id,
        trials,
        parallel: PARALLEL,
        feedback,
        seed,
        kind: feedback === "none" ? "control" : "headline",
      });
      const runner = new LoopRunner({ db, logTailChars: 8000, proposers: { openai: { baseUrl: "http://127.0.0.1:9" } }, onlyRunIds: [runId], pollMs: 20 });
      await runner.runUntilIdle();
      await runner.stop();
      const s = read.getRunStats(db, runId)!;
      const lineage: FixTrial[] = [];
      for (const item of listTrials(db, runId, { limit: 500, sort: "seq" }).items) {
        const t = getTrial(db, item.id);
        lineage.push({
          id: t.id,
          seq: t.seq ?? 0,
          surface: t.agent?.surface ?? null,
          failure: t.failure ?? null,
          isBest: t.isBest,
          contextRefs: t.contextRefs ?? [],
        });
        if (t.wallclockSeconds === undefined || !t.startedAt || !t.finishedAt) continue;
        overheadsMs.push(Date.parse(t.finishedAt) - Date.parse(t.startedAt) - t.wallclockSeconds * 1000);
      }
      const r: ArmRun = {
        baseline: s.baselineScore!,
        best: s.bestScore!,
        improvementPct: round(improvementPct(s.baselineScore, s.bestScore, direction)!, 2),
        trials: s.trialCount,
        failures: s.failures,
        lineage,
      };
      arms[feedback].push(r);
      console.log(
        `${taskId} seed ${seed} ${feedback.padEnd(7)} baseline ${r.baseline.toFixed(4)} best ${r.best.toFixed(4)} improvement ${r.improvementPct}% trials ${r.trials} failures ${JSON.stringify(r.failures)}; failures turned into fixes ${describeFixes(failuresTurnedIntoFixes([lineage]))} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
      );
    }
  }
  const summary = (rs: ArmRun[]) => {
    const failures: Record<string, number> = {};
    for (const r of rs) for (const [k, v] of Object.entries(r.failures)) failures[k] = (failures[k] ?? 0) + v;
    return {
      baseline: round(mean(rs.map((r) => r.baseline))),
      best: round(mean(rs.map((r) => r.best))),
      improvementPct: round(mean(rs.map((r) => r.improvementPct)), 2),
      improvementPctSd: round(sd(rs.map((r) => r.improvementPct)), 2),
      improvementPctBySeed: rs.map((r) => r.improvementPct),
      trials: rs.reduce((a, r) => a + r.trials, 0),
      failures,
      failuresTurnedIntoFixes: failuresTurnedIntoFixes(rs.map((r) => r.lineage)),
    };
  };
  const out = { metric: task.record.metric.name, trialsPerRun: trials, lineage: summary(arms.lineage), none: summary(arms.none) };
  console.log(
    `${taskId}: lineage ${out.lineage.improvementPct}% ± ${out.lineage.improvementPctSd} vs none ${out.none.improvementPct}% ± ${out.none.improvementPctSd}; failures turned into fixes: lineage ${describeFixes(out.lineage.failuresTurnedIntoFixes)} vs none ${describeFixes(out.none.failuresTurnedIntoFixes)}`,
  );
  return out;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "lineage-bench-loop-"));
  const db = openDatabase(join(dir, "bench.db"), { migrationsFolder: join(import.meta.dirname, "../drizzle") });
  const overheadsMs: number[] = [];
  const tasks: Record<string, Awaited<ReturnType<typeof benchTask>>> = {};
  for (const { id, trials } of TASKS) tasks[id] = await benchTask(db, id, trials, overheadsMs);
  db.$client.close();
  const p10 = await measureP10(dir);
  rmSync(dir, { recursive: true, force: true });

  const golf = tasks["golf-mini"];
  const out = {
    ...(golf ? { lineage: golf.lineage, none: golf.none, trialsPerRun: golf.trialsPerRun } : {}),
    tasks,
    seeds: SEEDS,
    overheadMsPerTrial: round(median(overheadsMs), 1),
    overheadMsPerTrialP95: round([...overheadsMs].sort((a, b) => a - b)[Math.floor(overheadsMs.length * 0.95)], 1),
    p10,
  };
  for (const [id, t] of Object.entries(tasks)) {
    console.log(
      `${id} (${t.metric}, ${t.trialsPerRun} trials × ${SEEDS.length} seeds): lineage ${t.lineage.improvementPct}% ± ${t.lineage.improvementPctSd} vs none ${t.none.improvementPct}% ± ${t.none.improvementPctSd}; failures turned into fixes ${describeFixes(t.lineage.failuresTurnedIntoFixes)} vs ${describeFixes(t.none.failuresTurnedIntoFixes)}`,
    );
  }
  console.log(`runner overhead ${out.overheadMsPerTrial} ms/trial (median); P10 +${p10.addedMsMedian} ms, dead ${p10.deadAfterTimeoutMs} ms after a timeout`);
  console.log(JSON.stringify(out));
}

/** P10: the sandbox around an evaluator that exits at once, against a plain spawn of it. */
async function measureP10(dir: string) {
  const plain = () =>
    new Promise<number>((resolve) => {
      const t = performance.now();
      spawn("true", [], { stdio: "ignore" }).on("exit", () => resolve(performance.now() - t));
    });
  const boxed = async () => {
    const t = performance.now();
    await runSandboxed({ cwd: dir, command: ["true"], wallclockMs: 10_000, logTailChars: 1000, memoryBytes: 2 ** 31 });
    return performance.now() - t;
  };
  for (let i = 0; i < 3; i++) await Promise.all([plain(), boxed()]); // warm-up
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < 20; i++) {
    a.push(await plain());
    b.push(await boxed());
  }
  const t = performance.now();
  const r = await runSandboxed({ cwd: dir, command: ["sh", "-c", "(setsid sleep 100 &) ; sleep 100"], wallclockMs: 500, logTailChars: 1000 });
  const deadAfter = performance.now() - t - 500;
  return {
    plainMsMedian: round(median(a), 2),
    sandboxMsMedian: round(median(b), 2),
    addedMsMedian: round(median(b) - median(a), 2),
    timedOut: r.timedOut,
    deadAfterTimeoutMs: round(deadAfter, 1),
  };
}

await main();
