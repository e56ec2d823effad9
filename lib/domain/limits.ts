// Per-field caps, in characters (UTF-16 code units, as JavaScript counts them). A field over its
// cap is refused with its path, never silently cut; the one exception is a trial's log, which is
// kept to its tail (see boundLog) because evaluators print without limit.
export const LIMITS = {
  nameChars: 500,
  descriptionChars: 20_000,
  hypothesisChars: 64_000,
  failureDetailChars: 2_000,
  diffChars: 8_000_000,
  logChars: 8_000_000,
  contextChars: 2_000_000,
  feedbackChars: 200_000,
  parents: 64,
  contextRefs: 10_000,
  /** Items per page of a list. */
  pageMax: 500,
  /** Characters of a hypothesis in list items; the full text is on the trial itself. */
  listHypothesisChars: 300,
} as const;
