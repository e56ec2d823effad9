// Task fields the audit reads, as zod inferred them from the trace schema.
import type { z } from "zod";
import type { Budgets, DomainRule as DomainRuleSchema, Gate, Surface } from "../trace";
import type { EvaluatorFiles } from "./evaluator-files";

export type DomainRule = z.infer<typeof DomainRuleSchema>;
export type SurfaceSpec = z.infer<typeof Surface>;
export type BudgetSpec = z.infer<typeof Budgets>;
export type GateSpec = Gate;

/** What the audit needs of a task: its record's rule fields plus its metric direction. */
export type AuditTask = {
  metricName: string;
  direction: "minimize" | "maximize";
  noiseFloor?: number | null;
  baselineScore?: number | null;
  budgets?: BudgetSpec;
  gates?: GateSpec[];
  protectedPaths?: string[];
  surfaces?: SurfaceSpec[];
  domains?: DomainRule[];
  /** the task's evaluator files as they are now (only known for tasks whose directory is on this machine) */
  evaluator?: EvaluatorFiles | null;
};
