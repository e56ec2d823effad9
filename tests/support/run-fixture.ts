// A realistic run for page and API tests: a few hundred trials by several agents, a slowly
// improving best, failures of several labels, kept trials, predicted changes and times.
// Deterministic (fixed seed), so tests can recompute what the pages must show.
const S = "lineage-trace/1";
const LABELS = ["crash", "budget_overrun", "gate_miss", "illegal_edit"] as const;

export type RunFixtureOptions = {
  taskId: string;
  runId: string;
  trials?: number;
  direction?: "minimize" | "maximize";
  status?: "running" | "finished";
  /** names of the agents; the last one never predicts a change (no expectedDelta) */
  agentNames?: string[];
  /** text overrides, e.g. markup payloads */
  taskName?: string;
  runName?: string;
  hypothesis?: (i: number) => string;
  failureDetail?: string;
  metricName?: string;
};

export function buildRun(o: RunFixtureOptions) {
  const n = o.trials ?? 300;
  const dir = o.direction ?? "minimize";
  const sign = dir === "minimize" ? -1 : 1;
  let x = 42;
  const rand = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const names = o.agentNames ?? ["optimizer", "architecture", "data"];
  const agents = names.map((name, i) => ({ schema: S, type: "agent", id: `${o.runId}-ag${i}`, runId: o.runId, name, surface: `surface-${i}` }));
  const records: Record<string, unknown>[] = [
    { schema: S, type: "task", id: o.taskId, name: o.taskName ?? `Task ${o.taskId}`, metric: { name: o.metricName ?? "val_bpb", direction: dir } },
    {
      schema: S,
      type: "run",
      id: o.runId,
      taskId: o.taskId,
      name: o.runName ?? `Run ${o.runId}`,
      kind: "headline",
      status: o.status ?? "finished",
      startedAt: "2026-01-01T00:00:00Z",
    },
    ...agents,
  ];
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  const time = (i: number) => new Date(t0 + i * 60_000).toISOString();
  let best = 3.0;
  let bestId = `${o.runId}-t1`;
  const scores = new Map<string, number>();
  records.push({
    schema: S,
    type: "trial",
    id: bestId,
    runId: o.runId,
    seq: 1,
    parentIds: [],
    hypothesis: o.hypothesis?.(1) ?? "baseline",
    score: best,
    kept: true,
    startedAt: time(0),
    finishedAt: time(1),
    wallclockSeconds: 60,
  });
  scores.set(bestId, best);
  for (let i = 2; i <= n; i++) {
    const a = (i - 2) % agents.length;
    const id = `${o.runId}-t${i}`;
    const parent = rand() < 0.7 ? bestId : `${o.runId}-t${1 + Math.floor(rand() * (i - 1))}`;
    // a failed trial has no score: children of one build on the best instead
    const p0 = scores.has(parent) ? parent : bestId;
    const r = rand();
    const trial: Record<string, unknown> = {
      schema: S,
      type: "trial",
      id,
      runId: o.runId,
      seq: i,
      agentId: agents[a].id,
      parentIds: [p0],
      hypothesis: o.hypothesis?.(i) ?? `agent ${names[a]} tries change number ${i}`,
      startedAt: time(i - 1),
      finishedAt: time(i),
      wallclockSeconds: 50 + (i % 10),
    };
    if (a !== agents.length - 1) trial.expectedDelta = sign * 0.01 * (1 + (i % 3));
    if (r < 0.15) {
      trial.failure = LABELS[i % LABELS.length];
      trial.failureDetail = o.failureDetail ?? `failed at step ${i}`;
    } else {
      const base = scores.get(p0)!;
      const score = Number((base + sign * (rand() - 0.62) * 0.05).toFixed(6));
      trial.score = score;
      trial.metrics = { [o.metricName ? `${o.metricName} aux` : "tokens_per_s"]: 1000 + i };
      scores.set(id, score);
      const better = dir === "minimize" ? score < best : score > best;
      if (better) {
        best = score;
        bestId = id;
        trial.kept = true;
      }
    }
    records.push(trial);
  }
  return { records, bestScore: best, bestId, baselineScore: 3.0, agents };
}

export const toJsonlLines = (records: unknown[]) => records.map((r) => JSON.stringify(r)).join("\n") + "\n";
