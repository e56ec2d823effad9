// A task's revisable settings (noise floor, budgets, gates, metric direction): what a revision may
// change, how a change is parsed from the CLI's words, and how it applies to the settings in force.
// Outcomes are never touched: findings and figures are recomputed from the latest settings on read.
import { z } from "zod";
import { LineageError } from "./errors";
import { Budgets, Gate, MetricDirection } from "./trace";

export const TaskSettings = z.strictObject({
  noiseFloor: z.number().nonnegative().nullable(),
  direction: MetricDirection,
  budgets: Budgets,
  gates: z.array(Gate).max(100),
});
export type TaskSettings = z.infer<typeof TaskSettings>;

const finite = (what: string) => z.number({ error: `${what} must be a number` }).refine(Number.isFinite, `${what} must be a finite number`);

/** What one revision asks to change; a field left out keeps its value. */
export const TaskSettingsChange = z
  .strictObject({
    noiseFloor: finite("the noise floor")
      .refine((n) => n >= 0, "the noise floor must be 0 or more")
      .optional(),
    direction: MetricDirection.optional(),
    budgets: z
      .strictObject({
        wallclockSeconds: finite("the wall-clock budget")
          .refine((n) => n > 0, "the wall-clock budget must be more than 0 seconds")
          .optional(),
        artifactBytes: z
          .number()
          .int("the artifact budget must be a whole number of bytes")
          .positive("the artifact budget must be more than 0 bytes")
          .optional(),
        memoryBytes: z.number().int("the memory budget must be a whole number of bytes").positive("the memory budget must be more than 0 bytes").optional(),
      })
      .optional(),
    /** replaces the task's gates as a whole */
    gates: z.array(Gate).max(100).optional(),
  })
  .refine(
    (c) => Object.keys(c).length > 0 && (c.budgets === undefined || Object.keys(c.budgets).length > 0),
    "nothing to change: give a noise floor, a budget, gates or a direction",
  );
export type TaskSettingsChange = z.infer<typeof TaskSettingsChange>;

const GATE = /^\s*([A-Za-z_][\w.\-/]*)\s*(>=|<=|>|<)\s*(-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*$/i;

/** "accuracy>=0.96" → { metric: "accuracy", op: ">=", value: 0.96 }. */
export function parseGate(text: string): z.infer<typeof Gate> {
  const m = GATE.exec(text);
  if (!m)
    throw new LineageError("invalid_input", `--gate ${JSON.stringify(text)}: write it as METRIC>=NUMBER (or >, <=, <), e.g. "accuracy>=0.96"`, {
      path: ["gates"],
    });
  return { metric: m[1], op: m[2] as z.infer<typeof Gate>["op"], value: Number(m[3]) };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The settings after a change, and each field that actually changed as [before, after]; empty when nothing did. */
export function applySettingsChange(
  current: TaskSettings,
  change: TaskSettingsChange,
): { settings: TaskSettings; changes: Record<string, [unknown, unknown]> } {
  const settings: TaskSettings = {
    noiseFloor: change.noiseFloor ?? current.noiseFloor,
    direction: change.direction ?? current.direction,
    budgets: { ...current.budgets, ...change.budgets },
    gates: change.gates ?? current.gates,
  };
  const changes: Record<string, [unknown, unknown]> = {};
  if (settings.noiseFloor !== current.noiseFloor) changes.noiseFloor = [current.noiseFloor, settings.noiseFloor];
  if (settings.direction !== current.direction) changes.direction = [current.direction, settings.direction];
  for (const k of ["wallclockSeconds", "artifactBytes", "memoryBytes"] as const) {
    if (settings.budgets[k] !== current.budgets[k]) changes[`budgets.${k}`] = [current.budgets[k] ?? null, settings.budgets[k] ?? null];
  }
  if (!same(settings.gates, current.gates)) changes.gates = [current.gates, settings.gates];
  return { settings, changes };
}
