// What a "keep" is, once for the whole product: an evaluated trial the search kept (the runner keeps
// each new best, the baseline included; an import keeps what its source kept). The run page's Kept,
// the runs list and the audit's noise check all count this same set. A keep the noise check cannot
// measure (no parent, or a parent with no score) is left out by name with its reason, never silently.
import { withinNoise } from "./audit/findings";
import type { AuditTask } from "./audit/types";
import { isBetter } from "./scores";
import type { MetricDirection } from "./trace";

export const isKeep = (t: { status?: string | null; kept?: boolean | null }) => t.status === "evaluated" && t.kept === true;

export type KeepRow = { id: string; seq: number; status: string; kept: boolean | null; isBest: boolean; parentCount: number; deltaVsParent: number | null };

export const LEFT_OUT_REASONS = {
  baseline: "a baseline: it has no parent to gain over",
  parent_unscored: "its parent has no score (the parent failed or is not in the source), so there is no gain to measure",
} as const;
export type LeftOutReason = keyof typeof LEFT_OUT_REASONS;

/** Keeps listed by name at most; the count always covers all of them. */
const MAX_LISTED = 100;

export type NoiseCheck = {
  /** every keep of the run (the run page's Kept) */
  keeps: number;
  /** keeps with a gain over a scored parent: the ones the noise floor is checked against */
  measured: number;
  /** of the measured, how many gained no more than the noise floor; null = not checked (no noise floor) */
  withinNoise: number | null;
  leftOut: { id: string; seq: number; reason: LeftOutReason; why: string }[];
  leftOutCount: number;
};

export function noiseCheck(rows: readonly KeepRow[], task: Pick<AuditTask, "noiseFloor" | "direction">): NoiseCheck {
  const keeps = rows.filter(isKeep);
  const measured = keeps.filter((t) => t.deltaVsParent !== null);
  const out = keeps.filter((t) => t.deltaVsParent === null);
  const reason = (t: KeepRow): LeftOutReason => (t.parentCount === 0 ? "baseline" : "parent_unscored");
  return {
    keeps: keeps.length,
    measured: measured.length,
    withinNoise: task.noiseFloor == null ? null : measured.filter((t) => withinNoise(t, task) !== null).length,
    leftOut: out.slice(0, MAX_LISTED).map((t) => ({ id: t.id, seq: t.seq, reason: reason(t), why: LEFT_OUT_REASONS[reason(t)] })),
    leftOutCount: out.length,
  };
}

/**
 * The one rule of "new best" (and so of a runner-made keep): an evaluated, unfailed trial whose
 * score beats the run's best so far in the task's direction (any score beats none).
 */
export function isNewBest(
  t: { status?: string | null; failure?: string | null; score?: number | null },
  bestScore: number | null,
  direction: MetricDirection,
): boolean {
  return t.status === "evaluated" && !t.failure && t.score != null && isBetter(t.score, bestScore, direction);
}
