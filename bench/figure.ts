// One benchmark figure: what was measured, against which same-run baseline, and whether the goal holds.
export type Figure = {
  id: string;
  what: string;
  /** the measured value the goal is judged on */
  value: number | null;
  /** the same-run baseline it is compared with */
  baseline: number | null;
  unit: string;
  goal: string;
  met: boolean;
  /** the human-readable line printed when the figure was measured */
  line: string;
  details?: Record<string, unknown>;
  error?: string;
};

export const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const verdict = (met: boolean) => (met ? "MET" : "NOT MET");

export function failedFigure(id: string, what: string, goal: string, e: unknown): Figure {
  const error = e instanceof Error ? e.message : String(e);
  return { id, what, value: null, baseline: null, unit: "", goal, met: false, line: `${id} ${what}: ERROR ${error}`, error };
}
