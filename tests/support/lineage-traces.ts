// Fixtures for the lineage, trial and compare views: a run with a long kept chain, failed leaves,
// a side branch, a combination of two parents that becomes the best, context refs, diffs and a
// pending trial; a control run of the same task; and generators for big runs.
import { agent, run, task, trial } from "./traces";

/** Own task id, so these fixtures never clash with other specs' "golf" in the shared e2e database. */
export const LINEAGE_TASK = "lineage-golf";

export const diffOf = (file: string, from: string, to: string) =>
  `diff --git a/${file} b/${file}\n--- a/${file}\n+++ b/${file}\n@@ -1,2 +1,2 @@\n def f():\n-    return ${from}\n+    return ${to}\n`;

/** Run "lin" of task LINEAGE_TASK (minimize val_bpb): best is the combination m1 (1.85). */
export function lineageRun(runId = "lin"): Record<string, unknown>[] {
  const t = (id: string, extra: Record<string, unknown>) => trial(id, { runId, ...extra });
  const records: Record<string, unknown>[] = [
    task(LINEAGE_TASK),
    run(runId, LINEAGE_TASK, { name: "Lineage feedback", kind: "headline", feedback: "lineage" }),
    agent(`${runId}-opt`, runId, { name: "optimizer", surface: "optimizer" }),
    agent(`${runId}-arch`, runId, { name: "architecture", surface: "architecture" }),
    t("b0", { parentIds: [], score: 2.0, hypothesis: "baseline", startedAt: "2026-01-01T00:00:00Z", finishedAt: "2026-01-01T00:01:00Z" }),
  ];
  let prev = "b0";
  for (let i = 1; i <= 10; i++) {
    records.push(
      t(`c${i}`, {
        parentIds: [prev],
        agentId: `${runId}-opt`,
        score: 2.0 - i * 0.01,
        kept: true,
        hypothesis: `lower the learning rate, step ${i}`,
        diff: diffOf("train/optim.py", `lr * ${i - 1}`, `lr * ${i}`),
        feedback: `step ${i} helped`,
        startedAt: `2026-01-01T00:${String(i * 2).padStart(2, "0")}:00Z`,
        finishedAt: `2026-01-01T00:${String(i * 2 + 1).padStart(2, "0")}:00Z`,
      }),
    );
    prev = `c${i}`;
  }
  const failures = ["crash", "budget_overrun", "gate_miss", "crash"];
  failures.forEach((failure, i) =>
    records.push(
      t(`f${i + 1}`, {
        parentIds: ["c3"],
        agentId: `${runId}-arch`,
        failure,
        failureDetail: `detail ${i + 1}`,
        hypothesis: `risky idea ${i + 1}`,
        log: `Traceback ${i + 1}`,
      }),
    ),
  );
  records.push(
    t("x1", { parentIds: ["b0"], agentId: `${runId}-arch`, score: 2.1, hypothesis: "wider layers", diff: diffOf("model.py", "256", "512") }),
    t("x2", { parentIds: ["x1"], agentId: `${runId}-arch`, score: 1.95, hypothesis: "wider layers, fewer heads", diff: diffOf("model.py", "512", "384") }),
    t("m1", {
      parentIds: ["c10", "x2"],
      contextRefs: ["c10", "x2", "f1"],
      agentId: `${runId}-arch`,
      score: 1.85,
      kept: true,
      hypothesis: "combine the tuned optimizer with the narrower model",
      diff: diffOf("model.py", "256", "384"),
      metrics: { accuracy: 0.97, params_m: 12.5 },
      context: "c10 scored 1.90; x2 scored 1.95; f1 crashed",
      feedback: "the combination is the new best",
      startedAt: "2026-01-01T00:30:00Z",
      finishedAt: "2026-01-01T00:31:00Z",
    }),
    t("p1", { parentIds: ["m1"], agentId: `${runId}-opt`, status: "proposed", hypothesis: "try again with warmup" }),
  );
  return records;
}

/** Run "ctl" of the same task without feedback: baseline 2.0, bests 1.97 then 1.96, one crash; 60 s a trial. */
export function controlRun(runId = "ctl"): Record<string, unknown>[] {
  const t = (id: string, extra: Record<string, unknown>) => trial(id, { runId, wallclockSeconds: 60, ...extra });
  return [
    run(runId, LINEAGE_TASK, { name: "Control", kind: "control", feedback: "none" }),
    t(`${runId}-0`, { parentIds: [], score: 2.0, hypothesis: "baseline" }),
    t(`${runId}-1`, { parentIds: [`${runId}-0`], score: 1.97, hypothesis: "random edit 1" }),
    t(`${runId}-2`, { parentIds: [`${runId}-0`], failure: "crash", hypothesis: "random edit 2" }),
    t(`${runId}-3`, { parentIds: [`${runId}-1`], score: 1.96, hypothesis: "random edit 3" }),
    t(`${runId}-4`, { parentIds: [`${runId}-3`], score: 1.99, hypothesis: "random edit 4" }),
  ];
}

/**
 * A big run: a `depth`-deep chain from the baseline, and `failed` failed leaves spread over the
 * first part of it, scores slowly falling so the chain's tip is the best.
 */
export function bigRun(runId: string, depth: number, failed: number): Record<string, unknown>[] {
  const t = (id: string, extra: Record<string, unknown>) => trial(id, { runId, ...extra });
  const records: Record<string, unknown>[] = [run(runId, LINEAGE_TASK, { name: `Big ${runId}` }), t(`${runId}-d0`, { parentIds: [], score: 3 })];
  for (let i = 1; i < depth; i++) records.push(t(`${runId}-d${i}`, { parentIds: [`${runId}-d${i - 1}`], score: 3 - i * 1e-4 }));
  for (let i = 0; i < failed; i++) {
    records.push(t(`${runId}-f${i}`, { parentIds: [`${runId}-d${(i * 37) % Math.min(depth, 500)}`], failure: i % 3 ? "crash" : "gate_miss" }));
  }
  return records;
}
