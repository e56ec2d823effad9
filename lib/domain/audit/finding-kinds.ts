// The kinds of finding the audit reports: a module of its own, so the queue's query shape (used in the
// browser) can name them without pulling the classifier and its regex engine into the page.
export const FINDING_KINDS = [
  "protected_path",
  "outside_surface",
  "evaluation_code",
  "evaluator_changed",
  "budget_wallclock",
  "budget_memory",
  "budget_artifact",
  "gate_missed",
  "not_reproducible",
  "within_noise",
  /** the audit could not read the trial's diff, so none of its diff checks ran */
  "analysis_failed",
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];
