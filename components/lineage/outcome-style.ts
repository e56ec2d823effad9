// Node colours by outcome. Failure labels each get their own hue so a cluster of them reads apart.
import { FAILURE_LABELS } from "@/lib/domain/failures";

export const OUTCOME_COLOURS: Record<string, string> = {
  best: "#1b7f3b",
  evaluated: "#7d9bd6",
  pending: "#ffffff",
  crash: "#b3261e",
  budget_overrun: "#e8710a",
  size_failure: "#a142f4",
  gate_miss: "#f2b400",
  illegal_edit: "#d01884",
  patch_failure: "#795548",
  invalid_result: "#455a64",
  infra_error: "#9aa0a6",
};

export type Outcome = "best" | "evaluated" | "pending" | (typeof FAILURE_LABELS)[number];

export function outcomeOf(t: { status: string; failure: string | null; isBest: boolean }): Outcome {
  if (t.failure) return t.failure as Outcome;
  if (t.status !== "evaluated") return "pending";
  return t.isBest ? "best" : "evaluated";
}

export const OUTCOME_NAMES: Record<Outcome, string> = {
  best: "new best",
  evaluated: "evaluated",
  pending: "not evaluated yet",
  ...Object.fromEntries(FAILURE_LABELS.map((l) => [l, l])),
} as Record<Outcome, string>;
