// What the audit reads from a trial's diff, computed once when the trial is recorded and stored:
// its classification and its diff findings. Both depend only on the diff, the declared domain, the
// task's rules and the agent's surface, which never change once recorded. Views read the stored
// result; a trial recorded before it was stored (or by an older version) is analysed once, then stored.
import { CONFIRM_BUDGET, classifyParsed, compileRules, hunkLines, type Classification, type HunkText } from "./classify";
import { parseDiff } from "./diff-hunks";
import { DEFAULT_DOMAIN_RULES } from "./domains";
import { analysisFailedFinding, diffFindings, evaluationRules, type Finding } from "./findings";
import { candidateHunks } from "./line-match";
import { compileAny, type LinearRegex } from "./patterns";
import type { AuditTask } from "./types";

/** Bump when classification or diff findings change meaning: stored analyses of older versions are redone once. */
export const ANALYSIS_VERSION = 1;

export type TrialAnalysis = { version: number; classification: Classification; findings: Finding[] };

export type AnalysisInput = {
  diff: string | null | undefined;
  declared: string | null | undefined;
  task: Pick<AuditTask, "domains" | "protectedPaths" | "surfaces">;
  agentSurface: string | null;
};

export function analyzeTrial(input: AnalysisInput): TrialAnalysis {
  const files = parseDiff(input.diff);
  const text = withCandidates(hunkLines(files), input.task);
  // One budget for both passes: confirming hits line by line is bounded per trial, whatever the diff.
  const budget = { left: CONFIRM_BUDGET };
  return {
    version: ANALYSIS_VERSION,
    classification: classifyParsed(files, input.declared, input.task.domains, budget, text),
    findings: diffFindings(files, input.task as AuditTask, input.agentSurface, budget, text),
  };
}

/**
 * What is stored for a trial whose diff the analysis could not read (a row some other program
 * wrote): it counts under its declared domain, if any, and carries a finding that says the checks
 * did not run, so the trial is analysed once and shown for review instead of failing every view.
 */
export function failedAnalysis(declared: string | null | undefined, reason: string): TrialAnalysis {
  const domain = declared ?? null;
  return {
    version: ANALYSIS_VERSION,
    classification: {
      source: domain ? "declared" : "none",
      declared: domain,
      classified: [],
      hunks: [],
      disagreement: false,
      domains: domain ? [domain] : [],
      rulesFrom: "task",
    },
    findings: [analysisFailedFinding(reason)],
  };
}

/**
 * One pass with every pattern joined (classification rules and evaluation rules) finds the hunks
 * any of them may match; the per-rule passes read only those (most of a large diff matches nothing).
 */
function withCandidates(lines: string[][], task: AnalysisInput["task"]): HunkText {
  if (lines.length === 0) return { lines };
  const any = anyPatternOf(task);
  return any ? { lines, candidates: candidateHunks(any, lines) } : { lines };
}

const anyByRules = new WeakMap<object, LinearRegex | null>();
const NO_RULES = {};

function anyPatternOf(task: AnalysisInput["task"]): LinearRegex | null {
  const key = task.domains ?? NO_RULES;
  if (!anyByRules.has(key)) {
    const rules = task.domains && task.domains.length > 0 ? task.domains : DEFAULT_DOMAIN_RULES;
    const sources = [...compileRules(rules).rules, ...compileRules(evaluationRules(task)).rules].flatMap((r) => r.matchers.map((m) => m.source));
    anyByRules.set(key, compileAny(sources));
  }
  return anyByRules.get(key)!;
}
