// A small run written for the audit tests: a task with rules (noise floor, budgets, a gate,
// protected paths, surfaces, domains) and trials that each trip a known set of findings.
const S = "lineage-trace/1";

const diff = (path: string, removed: string, added: string) =>
  `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n@@ -1,2 +1,2 @@\n ${"# context"}\n-${removed}\n+${added}\n`;

export const AUDIT_TASK = {
  schema: S,
  type: "task",
  id: "golf-audit",
  name: "Golf (audited)",
  metric: { name: "val_bpb", direction: "minimize", unit: "bits/byte" },
  baselineScore: 2.0,
  noiseFloor: 0.001,
  budgets: { wallclockSeconds: 600, artifactBytes: 1000, memoryBytes: 1_000_000_000 },
  gates: [{ metric: "accuracy", op: ">=", value: 0.9 }],
  protectedPaths: ["eval/**"],
  surfaces: [
    { name: "optimizer", paths: ["train/optim/**"] },
    { name: "architecture", paths: ["model/**"] },
  ],
  domains: [
    { name: "architecture", paths: ["model/**"], patterns: ["\\bn_(head|layer)\\b"] },
    { name: "optimizer", paths: ["train/optim/**"], patterns: ["\\b(lr|momentum)\\b"] },
    { name: "evaluation", patterns: ["score_fn"] },
  ],
};

export const MULTI_DOMAIN_DIFF = diff("model/gpt.py", "n_head = 8", "n_head = 12") + diff("train/optim/sched.py", "lr = 0.01", "lr = 0.02");

export function auditTrace(runId = "audit-run"): Record<string, unknown>[] {
  const t = (id: string, extra: Record<string, unknown>) => ({
    schema: S,
    type: "trial",
    id: `${runId}/${id}`,
    runId,
    hypothesis: `hypothesis of ${id}`,
    ...extra,
  });
  const p = (id: string) => [`${runId}/${id}`];
  return [
    AUDIT_TASK,
    { schema: S, type: "run", id: runId, taskId: "golf-audit", name: `Audited ${runId}` },
    { schema: S, type: "agent", id: `${runId}/opt`, runId, name: "optimizer", surface: "optimizer" },
    { schema: S, type: "agent", id: `${runId}/arch`, runId, name: "architecture", surface: "architecture" },
    t("b0", { parentIds: [], score: 1.5, hypothesis: "baseline" }),
    t("t1", {
      parentIds: p("b0"),
      agentId: `${runId}/opt`,
      domain: "opt",
      score: 1.4,
      kept: true,
      metrics: { accuracy: 0.95 },
      diff: diff("train/optim/muon.py", "momentum = 0.9", "momentum = 0.95"),
    }),
    t("t2", { parentIds: p("t1"), agentId: `${runId}/arch`, domain: "arch", score: 1.3995, kept: true, metrics: { accuracy: 0.95 }, diff: MULTI_DOMAIN_DIFF }),
    t("t3", {
      parentIds: p("t2"),
      agentId: `${runId}/opt`,
      domain: "opt",
      score: 1.2,
      kept: true,
      metrics: { accuracy: 0.95 },
      diff: diff("eval/score.py", "return score_fn(y)", "return score_fn(y) * 0.9"),
    }),
    t("t4", {
      parentIds: p("t3"),
      agentId: `${runId}/arch`,
      domain: "opt",
      score: 1.45,
      kept: false,
      wallclockSeconds: 700,
      artifactBytes: 2000,
      metrics: { accuracy: 0.8 },
      diff: diff("model/gpt.py", "n_layer = 12", "n_layer = 16"),
    }),
    t("t5", { parentIds: p("t3"), agentId: `${runId}/arch`, domain: "arch", failure: "crash", failureDetail: "exit 1" }),
  ];
}

/** A run of the same task whose only baseline-shaped trial crashed: its baseline is the task's declared one. */
export function unmeasuredBaselineTrace(runId = "declared-run"): Record<string, unknown>[] {
  return [
    AUDIT_TASK,
    { schema: S, type: "run", id: runId, taskId: "golf-audit", name: "Declared baseline" },
    { schema: S, type: "trial", id: `${runId}/b0`, runId, parentIds: [], hypothesis: "baseline", failure: "crash" },
  ];
}
