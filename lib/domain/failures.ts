// The closed set of failure labels (../shared/DESIGN.md §2). A trial has at most one label, and a
// labelled trial has no score that counts toward a best.
export const FAILURE_LABELS = [
  "crash",
  "budget_overrun",
  "size_failure",
  "gate_miss",
  "illegal_edit",
  "patch_failure",
  "invalid_result",
  "infra_error",
] as const;

export type FailureLabelName = (typeof FAILURE_LABELS)[number];

/** Harness failures say nothing about the recipe, so they are left out of later proposals' lineage. */
export function isHarnessFailure(label: FailureLabelName | null | undefined): boolean {
  return label === "infra_error";
}
