// Sorting the runs list by a column; runs without a value go last in either direction.
import type { RunListItem } from "@/lib/domain/api-responses";

export const RUN_SORTS = ["activity", "name", "task", "status", "trials", "improvement", "failures"] as const;
export type RunSort = (typeof RUN_SORTS)[number];

export const failureRate = (r: RunListItem) => (r.summary.evaluatedCount ? r.summary.failureCount / r.summary.evaluatedCount : null);

const KEY: Record<RunSort, (r: RunListItem) => string | number | null> = {
  activity: (r) => r.summary.lastActivityAt,
  name: (r) => r.name.toLowerCase(),
  task: (r) => r.taskName.toLowerCase(),
  status: (r) => r.state,
  trials: (r) => r.summary.trialCount,
  improvement: (r) => r.summary.improvementPct,
  failures: failureRate,
};

export function sortRuns(runs: readonly RunListItem[], sort: RunSort, desc: boolean): RunListItem[] {
  const key = KEY[sort];
  return [...runs].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const c = x < y ? -1 : x > y ? 1 : 0;
    return desc ? -c : c;
  });
}

export const parseRunSort = (s: string | null): RunSort => ((RUN_SORTS as readonly string[]).includes(s ?? "") ? (s as RunSort) : "activity");
