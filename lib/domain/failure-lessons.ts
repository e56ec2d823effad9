// Failures as a team lead reads them (issue 14, item 5): how often each arm fails per window of
// trials, and how many failures taught something — a failed trial whose outcome a later trial on the
// same surface saw (its context refs) and that later trial improved (kept or a new best). Pure.

export type LessonTrial = {
  id: string;
  seq: number;
  failed: boolean;
  /** the surface of the trial's agent (null: no agent or no surface) */
  surface: string | null;
  /** kept by the search or a new best */
  improved: boolean;
  /** the earlier trials whose outcomes were in its proposal context */
  contextRefs: readonly string[];
};

export type FailureWindow = { from: number; to: number; trials: number; failed: number; rate: number };

/** Failure rate per window of `size` trials in seq order (the last window may be shorter). */
export function failureWindows(trials: readonly Pick<LessonTrial, "seq" | "failed">[], size: number): FailureWindow[] {
  if (size < 1) throw new Error("a window holds at least one trial");
  const sorted = [...trials].sort((a, b) => a.seq - b.seq);
  const out: FailureWindow[] = [];
  for (let i = 0; i < sorted.length; i += size) {
    const chunk = sorted.slice(i, i + size);
    const failed = chunk.filter((t) => t.failed).length;
    out.push({ from: chunk[0].seq, to: chunk.at(-1)!.seq, trials: chunk.length, failed, rate: failed / chunk.length });
  }
  return out;
}

/**
 * Of the failed trials, those whose lesson was used: a later trial on the same surface had it in its
 * context and improved. `share` is null when nothing failed.
 */
export function lessonsUsed(trials: readonly LessonTrial[]) {
  const byId = new Map(trials.map((t) => [t.id, t]));
  const used = new Set<string>();
  for (const later of trials) {
    if (!later.improved || later.failed) continue;
    for (const ref of later.contextRefs) {
      const seen = byId.get(ref);
      if (seen && seen.failed && seen.seq < later.seq && seen.surface === later.surface) used.add(seen.id);
    }
  }
  const failed = trials.filter((t) => t.failed).length;
  return { failed, used: used.size, share: failed === 0 ? null : used.size / failed, usedIds: [...used] };
}
