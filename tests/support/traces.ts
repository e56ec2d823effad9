// The repo's own small traces, written for the tests.
const S = "lineage-trace/1";

export function task(id = "golf", extra: Record<string, unknown> = {}) {
  return { schema: S, type: "task", id, name: "Golf", metric: { name: "val_bpb", direction: "minimize", unit: "bits/byte" }, ...extra };
}
export function run(id = "run-1", taskId = "golf", extra: Record<string, unknown> = {}) {
  return { schema: S, type: "run", id, taskId, name: `Run ${id}`, ...extra };
}
export function agent(id = "a-opt", runId = "run-1", extra: Record<string, unknown> = {}) {
  return { schema: S, type: "agent", id, runId, name: "optimizer", surface: "optimizer", ...extra };
}
export function trial(id: string, extra: Record<string, unknown> = {}) {
  return { schema: S, type: "trial", id, runId: "run-1", hypothesis: `hypothesis of ${id}`, ...extra };
}

/** A small run: baseline, two children (one kept, one crash), a combination of two parents. */
export function smallTrace(): Record<string, unknown>[] {
  return [
    task(),
    run(),
    agent(),
    agent("a-arch", "run-1", { name: "architecture", surface: "architecture" }),
    trial("t0", { parentIds: [], score: 1.5, hypothesis: "" }),
    trial("t1", { parentIds: ["t0"], agentId: "a-opt", score: 1.4, kept: true, diff: "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n" }),
    trial("t2", { parentIds: ["t0"], agentId: "a-arch", failure: "crash", failureDetail: "exit 1", log: "Traceback" }),
    trial("t3", { parentIds: ["t1", "t0"], contextRefs: ["t1", "t2"], agentId: "a-arch", score: 1.45 }),
    { schema: S, type: "verdict", id: "v1", trialId: "t1", verdict: "legal" },
    { schema: S, type: "event", id: "e1", runId: "run-1", action: "import", actor: "test", at: "2026-01-01T00:00:00Z" },
  ];
}

export const toJsonl = (records: unknown[]) => records.map((r) => JSON.stringify(r)).join("\n") + "\n";
