// Finding kinds a task gives the audit nothing to check against: a report says "not checked" and
// why, instead of a count of 0 that reads as "checked, none found".
import type { FindingKind } from "./findings";
import type { AuditTask } from "./types";

export function notCheckedKinds(task: Pick<AuditTask, "noiseFloor" | "budgets">): Partial<Record<FindingKind, string>> {
  const out: Partial<Record<FindingKind, string>> = {};
  const b = task.budgets ?? {};
  if (task.noiseFloor == null) out.within_noise = "the task declares no noise floor";
  if (b.wallclockSeconds === undefined) out.budget_wallclock = "the task declares no wall-clock budget";
  if (b.memoryBytes === undefined) out.budget_memory = "the task declares no memory budget";
  if (b.artifactBytes === undefined) out.budget_artifact = "the task declares no artifact budget";
  return out;
}
