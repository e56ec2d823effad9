// A task's `domains[].patterns` are checked when the task is loaded (task.json) or ingested (a task
// record): a pattern the linear-time engine cannot run is refused with its field path, so no task
// can carry a pattern that backtracks (or one that would silently never match).
import { LineageError } from "../errors";
import { formatIssuePath } from "../jsonl";
import { checkPattern } from "./patterns";
import type { DomainRule } from "./types";

export type PatternProblem = { path: (string | number)[]; field: string; reason: string };

/** The first pattern of a task's domain rules that cannot be used, or null. */
export function taskPatternProblem(domains: readonly DomainRule[] | undefined): PatternProblem | null {
  for (const [i, rule] of (domains ?? []).entries()) {
    for (const [j, pattern] of (rule.patterns ?? []).entries()) {
      const reason = checkPattern(pattern);
      if (reason) {
        const path = ["domains", i, "patterns", j];
        return { path, field: formatIssuePath(path), reason };
      }
    }
  }
  return null;
}

/** Throws invalid_input naming the field (`domains[1].patterns[0]`) when a pattern cannot be used; `where` prefixes the message. */
export function assertTaskPatterns(domains: readonly DomainRule[] | undefined, where?: string): void {
  const p = taskPatternProblem(domains);
  if (!p) return;
  throw new LineageError("invalid_input", `${where ? `${where}: ` : ""}field ${p.field}: ${p.reason}`, { path: p.path.map(String) });
}
