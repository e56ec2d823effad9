// "Failures turned into fixes": of a run's failed trials, the share that a later trial on the same
// surface had in its context (a context ref) and that then became the run's new best. The lineage
// effect where it matters: an evaluator outcome (crash, overrun, gate miss…) read and answered.
// Harness failures (infra_error) say nothing about the recipe and are not counted.

export type FixTrial = { id: string; seq: number; surface: string | null; failure: string | null; isBest: boolean; contextRefs: readonly string[] };
export type FixCount = { failed: number; fixed: number; share: number | null };
export type FixFigure = FixCount & { byLabel: Record<string, FixCount> };

const share = (fixed: number, failed: number) => (failed === 0 ? null : Number((fixed / failed).toFixed(4)));

/** Trials whose failure was turned into a fix: a later new best on the same surface saw them. */
export function fixedFailures(trials: readonly FixTrial[]): Set<string> {
  const fixed = new Set<string>();
  const bests = trials.filter((t) => t.isBest && t.surface !== null);
  for (const f of trials) {
    if (!f.failure || f.failure === "infra_error" || f.surface === null) continue;
    if (bests.some((b) => b.seq > f.seq && b.surface === f.surface && b.contextRefs.includes(f.id))) fixed.add(f.id);
  }
  return fixed;
}

/** The figure over one or more runs' trials (each run's list on its own: refs never cross runs). */
export function failuresTurnedIntoFixes(runs: readonly (readonly FixTrial[])[]): FixFigure {
  const byLabel: Record<string, { failed: number; fixed: number }> = {};
  for (const trials of runs) {
    const fixed = fixedFailures(trials);
    for (const t of trials) {
      if (!t.failure || t.failure === "infra_error" || t.surface === null) continue;
      const c = (byLabel[t.failure] ??= { failed: 0, fixed: 0 });
      c.failed++;
      if (fixed.has(t.id)) c.fixed++;
    }
  }
  const failed = Object.values(byLabel).reduce((a, c) => a + c.failed, 0);
  const fixed = Object.values(byLabel).reduce((a, c) => a + c.fixed, 0);
  return {
    failed,
    fixed,
    share: share(fixed, failed),
    byLabel: Object.fromEntries(Object.entries(byLabel).map(([label, c]) => [label, { ...c, share: share(c.fixed, c.failed) }])),
  };
}

/** One line for the figure: "3/8 (38%) — gate_miss 2/4, crash 1/3, budget_overrun 0/1". */
export function describeFixes(f: FixFigure): string {
  const pct = f.share === null ? "—" : `${Math.round(f.share * 100)}%`;
  const labels = Object.entries(f.byLabel)
    .sort((a, b) => b[1].failed - a[1].failed)
    .map(([label, c]) => `${label} ${c.fixed}/${c.failed}`)
    .join(", ");
  return `${f.fixed}/${f.failed} (${pct})${labels ? ` — ${labels}` : ""}`;
}
