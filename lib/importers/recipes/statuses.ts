// Recipes status words → trial outcome (issue 5): keep/discard/baseline are evaluated (keep → kept);
// every other word names the failure it was.
import type { FailureLabelName } from "../../domain/failures";

type StatusOutcome = { kept: boolean; failure?: FailureLabelName; detail?: string };

export const RECIPE_STATUSES: Record<string, StatusOutcome> = {
  baseline: { kept: false },
  keep: { kept: true },
  discard: { kept: false },
  crash: { kept: false, failure: "crash" },
  preflight_crash: { kept: false, failure: "crash", detail: "preflight crash (failed before training started)" },
  size_blocked: { kept: false, failure: "size_failure" },
  train_budget_overrun: { kept: false, failure: "budget_overrun", detail: "train budget overrun" },
  eval_budget_overrun: { kept: false, failure: "budget_overrun", detail: "eval budget overrun" },
  disqualified: { kept: false, failure: "gate_miss" },
  harness_abort: { kept: false, failure: "infra_error", detail: "harness abort (infrastructure failure, not the recipe)" },
};

export const isRecipeStatus = (s: string) => Object.hasOwn(RECIPE_STATUSES, s);
