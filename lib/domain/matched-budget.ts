// Matched-budget comparison of arms (issue 14, item 4): each run's best score at an equal budget —
// the smallest run's trial count and the shortest run's wall-clock — grouped into arms (the seeds of
// one configuration), each arm's mean with its min–max band and its Δ against a reference arm.
// Pure: the service hands in each run's trials in seq order.

export type BudgetTrial = { seq: number; score: number | null; failed: boolean; t: number | null };
export type BudgetRun = { id: string; name: string; armKey: string; armLabel: string; trials: BudgetTrial[] };
export type Direction = "minimize" | "maximize";

/** A trailing seed in a run's name ("… seed 2", "…-s3", "… #4"): runs that differ only there are one configuration. */
const SEED_SUFFIX = /[\s_-]*(?:seed[\s_=-]*|s|#)\d+\s*$/i;
export const baseName = (name: string) => name.replace(SEED_SUFFIX, "").trim() || name;

/** Best score among the trials that pass `within` (failed and unscored trials count toward the budget but never score). */
export function bestWithin(trials: readonly BudgetTrial[], within: (t: BudgetTrial, i: number) => boolean, direction: Direction): number | null {
  let best: number | null = null;
  trials.forEach((t, i) => {
    if (!within(t, i) || t.failed || t.score === null) return;
    if (best === null || (direction === "minimize" ? t.score < best : t.score > best)) best = t.score;
  });
  return best;
}

export type ArmAtBudget = {
  key: string;
  label: string;
  runs: { id: string; name: string; best: number | null }[];
  /** mean of the runs' bests (runs with none left out), and the band min–max of them */
  mean: number | null;
  min: number | null;
  max: number | null;
  /** mean − reference mean, signed so that positive is better (null for the reference itself or when either has no score) */
  gain: number | null;
  delta: number | null;
  winner: boolean;
};
export type Budget = { kind: "trials" | "time"; value: number; arms: ArmAtBudget[] };

function arms(runs: readonly BudgetRun[]): Map<string, BudgetRun[]> {
  const out = new Map<string, BudgetRun[]>();
  for (const r of runs) out.set(r.armKey, [...(out.get(r.armKey) ?? []), r]);
  return out;
}

function atBudget(
  kind: Budget["kind"],
  value: number,
  runs: readonly BudgetRun[],
  within: (t: BudgetTrial, i: number) => boolean,
  direction: Direction,
  reference: string,
): Budget {
  const rows = [...arms(runs)].map(([key, members]) => {
    const bests = members.map((r) => ({ id: r.id, name: r.name, best: bestWithin(r.trials, within, direction) }));
    const scored = bests.map((b) => b.best).filter((b): b is number => b !== null);
    return {
      key,
      label: members[0].armLabel,
      runs: bests,
      mean: scored.length ? scored.reduce((a, b) => a + b, 0) / scored.length : null,
      min: scored.length ? Math.min(...scored) : null,
      max: scored.length ? Math.max(...scored) : null,
    };
  });
  const ref = rows.find((r) => r.key === reference) ?? rows[0];
  const better = (a: number, b: number) => (direction === "minimize" ? a < b : a > b);
  const top = rows.reduce<(typeof rows)[number] | null>((w, r) => (r.mean !== null && (w === null || w.mean === null || better(r.mean, w.mean)) ? r : w), null);
  return {
    kind,
    value,
    arms: rows.map((r) => {
      const delta = r.key === ref.key || r.mean === null || ref.mean === null ? null : r.mean - ref.mean;
      return {
        ...r,
        delta,
        gain: delta === null ? null : direction === "minimize" ? -delta : delta,
        winner: top !== null && r.key === top.key && rows.length > 1,
      };
    }),
  };
}

/**
 * The runs at the smallest run's trial count and, when every run has times, at the shortest run's
 * wall-clock. `reference`: the arm the others' Δ is against (the first arm when unknown).
 */
export function matchedBudget(runs: readonly BudgetRun[], direction: Direction, reference: string | undefined) {
  const ref = reference && runs.some((r) => r.armKey === reference) ? reference : (runs[0]?.armKey ?? "");
  const n = Math.min(...runs.map((r) => r.trials.length));
  const byTrials = runs.length > 0 && n > 0 ? atBudget("trials", n, runs, (_, i) => i < n, direction, ref) : null;
  const timed = runs.length > 0 && runs.every((r) => r.trials.length > 0 && r.trials.every((t) => t.t !== null));
  const horizon = timed ? Math.min(...runs.map((r) => r.trials.at(-1)!.t!)) : null;
  const byTime = horizon !== null ? atBudget("time", horizon, runs, (t) => t.t! <= horizon, direction, ref) : null;
  return { reference: ref, band: "min–max of the seeds' bests" as const, byTrials, byTime };
}
export type MatchedBudget = ReturnType<typeof matchedBudget>;
