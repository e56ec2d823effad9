// Three runs of one task for the matched-budget comparison: two seeds of the lineage configuration
// and one control, of different lengths and paces, with failures, every trial timed.
const S = "lineage-trace/1";
const T0 = Date.parse("2026-03-01T00:00:00Z");

type Spec = { id: string; name: string; kind: string; feedback: string; gap: number; scores: (number | "crash")[] };

export const ARM_RUNS: Spec[] = [
  { id: "arms-lin-s1", name: "Lineage seed 1", kind: "headline", feedback: "lineage", gap: 100, scores: [2.0, 1.9, "crash", 1.8, 1.7, 1.6] },
  { id: "arms-lin-s2", name: "Lineage seed 2", kind: "headline", feedback: "lineage", gap: 120, scores: [2.0, 1.95, 1.85, 1.9, 1.75] },
  { id: "arms-control", name: "Control", kind: "control", feedback: "none", gap: 50, scores: [2.0, 1.98, 1.97, "crash", 1.96, 1.9, 1.85, 1.8] },
];

export function armsTrace(runs: Spec[] = ARM_RUNS): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [
    { schema: S, type: "task", id: "arms-golf", name: "Golf arms", metric: { name: "val_bpb", direction: "minimize", unit: "bits/byte" } },
  ];
  for (const r of runs) {
    out.push({ schema: S, type: "run", id: r.id, taskId: "arms-golf", name: r.name, kind: r.kind, feedback: r.feedback });
    out.push({ schema: S, type: "agent", id: `${r.id}/opt`, runId: r.id, name: "optimizer", surface: "optimizer" });
    r.scores.forEach((s, i) => {
      const start = T0 + i * r.gap * 1000;
      out.push({
        schema: S,
        type: "trial",
        id: `${r.id}/t${i}`,
        runId: r.id,
        parentIds: i === 0 ? [] : [`${r.id}/t0`],
        agentId: `${r.id}/opt`,
        // with lineage feedback, each trial saw the one before it (the crash included)
        ...(r.feedback === "lineage" && i > 1 ? { contextRefs: [`${r.id}/t${i - 1}`] } : {}),
        hypothesis: i === 0 ? "baseline" : `step ${i}`,
        startedAt: new Date(start).toISOString(),
        finishedAt: new Date(start + r.gap * 1000).toISOString(),
        ...(s === "crash" ? { failure: "crash", failureDetail: "exit 1" } : { score: s }),
      });
    });
  }
  return out;
}
