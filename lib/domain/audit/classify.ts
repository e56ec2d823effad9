// Edit classification: every hunk of a trial's diff falls into the domains whose rules match it
// (a path glob of its file, or a pattern on its changed lines), so one trial can touch several.
// A trial's declared domain is shown beside the classified ones and flagged where they disagree;
// with no diff, the declared domain stands alone. Patterns run on RE2 (patterns.ts), in linear time;
// the audit stores the result when a trial is recorded (trial-analysis.ts), never per view.
import { parseDiff, type DiffFile } from "./diff-hunks";
import { DEFAULT_DOMAIN_RULES, domainName } from "./domains";
import { matchesAny } from "../glob";
import { hunksMatching, type LineHit, type WorkBudget } from "./line-match";
import { compileAny, compilePattern, type LinearRegex } from "./patterns";
import type { DomainRule } from "./types";

export type HunkClass = { file: string; header: string; domains: string[]; changedLines: number };

export type Classification = {
  /** where `domains` came from: the diff's hunks, the trial's own declaration, or nothing at all */
  source: "diff" | "declared" | "none";
  declared: string | null;
  classified: string[];
  /** the first MAX_HUNKS_LISTED hunks; `hunkCount` counts them all */
  hunks: HunkClass[];
  hunkCount?: number;
  /** the trial declared a domain its diff does not touch */
  disagreement: boolean;
  /** the domains the trial counts under: classified ones when there is a diff, else the declared one */
  domains: string[];
  rulesFrom: "task" | "default";
  /** some hunks were counted as matching a pattern without a line-by-line check (the work budget ran out) */
  unconfirmed?: boolean;
};

/** Lines longer than this are cut before matching. */
export const MAX_LINE = 2000;
/** Hunks listed in a stored classification (a diff may have tens of thousands). */
export const MAX_HUNKS_LISTED = 500;
/** Engine work allowed for confirming pattern hits line by line, per trial (about 0.2 s). */
export const CONFIRM_BUDGET = 16_000_000;

export type CompiledRule = { name: string; paths: string[]; matchers: LinearRegex[] };

/**
 * Compiles rules with the linear-time engine. A pattern it cannot run (a task recorded before
 * patterns were checked at load) is left out and listed in `invalid`.
 */
type CompiledRules = { rules: CompiledRule[]; from: "task" | "default"; invalid: string[] };

/** Compiled rules by the rules array they came from (a task's, read once per run, or the defaults). */
const compiledByRules = new WeakMap<readonly DomainRule[], CompiledRules>();

export function compileRules(rules: DomainRule[] | undefined): CompiledRules {
  const key = rules && rules.length > 0 ? rules : DEFAULT_DOMAIN_RULES;
  let out = compiledByRules.get(key);
  if (!out) compiledByRules.set(key, (out = compileRulesNow(rules)));
  return out;
}

function compileRulesNow(rules: DomainRule[] | undefined): CompiledRules {
  const from = rules && rules.length > 0 ? "task" : "default";
  const invalid: string[] = [];
  const compiled = (from === "task" ? rules! : DEFAULT_DOMAIN_RULES).map((r) => {
    const usable = (r.patterns ?? []).filter((p) => {
      try {
        compilePattern(p);
        return true;
      } catch {
        invalid.push(`${r.name}: ${p}`);
        return false;
      }
    });
    const any = compileAny(usable);
    return { name: domainName(r.name) ?? r.name, paths: r.paths ?? [], matchers: any ? [any] : usable.map(compilePattern) };
  });
  return { rules: compiled, from, invalid };
}

/** Each hunk's changed lines, marks stripped and cut, in file then hunk order. */
export const hunkLines = (files: DiffFile[]) => files.flatMap((f) => f.hunks.map((h) => h.changed.map((l) => l.slice(1, MAX_LINE + 1))));

/** The diff's hunks with their lines, and (optionally) the only hunks any pattern can match. */
export type HunkText = { lines: string[][]; candidates?: ReadonlySet<number> };

/** For each hunk (flat index), the first line any matcher hits. */
export function matchHunks(matchers: LinearRegex[], text: HunkText, budget: WorkBudget): Map<number, LineHit> {
  const out = new Map<number, LineHit>();
  for (const m of matchers) {
    for (const [hunk, hit] of hunksMatching(m, text.lines, budget, text.candidates))
      if (!out.has(hunk) || (!out.get(hunk)!.confirmed && hit.confirmed)) out.set(hunk, hit);
  }
  return out;
}

export function classifyFiles(
  files: DiffFile[],
  rules: CompiledRule[],
  budget: WorkBudget = { left: CONFIRM_BUDGET },
  text: HunkText = { lines: hunkLines(files) },
): { hunks: HunkClass[]; unconfirmed: boolean } {
  const byRule = rules.map((r) => matchHunks(r.matchers, text, budget));
  let unconfirmed = false;
  const out: HunkClass[] = [];
  let flat = 0;
  for (const f of files) {
    const file = f.paths[f.paths.length - 1] ?? "(unnamed file)";
    const byPath = rules.map((r) => f.paths.some((p) => matchesAny(p, r.paths)));
    const domainsOf = (hunk: number | null) => {
      const names = new Set<string>();
      rules.forEach((r, i) => {
        const hit = hunk === null ? undefined : byRule[i].get(hunk);
        if (hit && !hit.confirmed) unconfirmed = true;
        if (hit || byPath[i]) names.add(r.name);
      });
      return names.size > 0 ? [...names] : ["other"];
    };
    if (f.hunks.length === 0) {
      out.push({ file, header: f.note ?? "(no hunks)", domains: domainsOf(null), changedLines: 0 });
      continue;
    }
    for (const h of f.hunks) out.push({ file, header: h.header.slice(0, 300), domains: domainsOf(flat++), changedLines: h.changed.length });
  }
  return { hunks: out, unconfirmed };
}

export function classifyParsed(
  files: DiffFile[],
  declaredRaw: string | null | undefined,
  rules: DomainRule[] | undefined,
  budget?: WorkBudget,
  text?: HunkText,
): Classification {
  const declared = domainName(declaredRaw);
  if (files.length === 0) {
    const rulesFrom = rules && rules.length > 0 ? "task" : "default";
    return {
      source: declared ? "declared" : "none",
      declared,
      classified: [],
      hunks: [],
      hunkCount: 0,
      disagreement: false,
      domains: declared ? [declared] : [],
      rulesFrom,
    };
  }
  const { rules: compiled, from } = compileRules(rules);
  const { hunks, unconfirmed } = classifyFiles(files, compiled, budget, text);
  if (hunks.length === 0) {
    return {
      source: declared ? "declared" : "none",
      declared,
      classified: [],
      hunks,
      hunkCount: 0,
      disagreement: false,
      domains: declared ? [declared] : [],
      rulesFrom: from,
    };
  }
  const classified = [...new Set(hunks.flatMap((h) => h.domains))];
  return {
    source: "diff",
    declared,
    classified,
    hunks: hunks.slice(0, MAX_HUNKS_LISTED),
    hunkCount: hunks.length,
    disagreement: declared !== null && !classified.includes(declared),
    domains: classified,
    rulesFrom: from,
    ...(unconfirmed ? { unconfirmed } : {}),
  };
}

export function classifyEdit(input: { diff: string | null | undefined; declared: string | null | undefined; rules?: DomainRule[] }): Classification {
  return classifyParsed(parseDiff(input.diff), input.declared, input.rules);
}

/** Whether a trial counts under a domain for that domain's review: classified, or declared. */
export function touchesDomain(c: Classification, domain: string): boolean {
  const d = domainName(domain) ?? domain;
  return c.domains.includes(d) || c.declared === d;
}
