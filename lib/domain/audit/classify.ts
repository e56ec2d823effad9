// Edit classification: every hunk of a trial's diff falls into the domains whose rules match it
// (a path glob of its file, or a pattern on its changed lines), so one trial can touch several.
// A trial's declared domain is shown beside the classified ones and flagged where they disagree;
// with no diff, the declared domain stands alone.
import { parseDiff, type DiffFile } from "./diff-hunks";
import { DEFAULT_DOMAIN_RULES, domainName } from "./domains";
import { matchesAny } from "./glob";
import type { DomainRule } from "./types";

export type HunkClass = { file: string; header: string; domains: string[]; changedLines: number };

export type Classification = {
  /** where `domains` came from: the diff's hunks, the trial's own declaration, or nothing at all */
  source: "diff" | "declared" | "none";
  declared: string | null;
  classified: string[];
  hunks: HunkClass[];
  /** the trial declared a domain its diff does not touch */
  disagreement: boolean;
  /** the domains the trial counts under: classified ones when there is a diff, else the declared one */
  domains: string[];
  rulesFrom: "task" | "default";
};

/** Lines longer than this are cut before matching: task patterns are untrusted regexes. */
const MAX_LINE = 2000;

export type CompiledRule = { name: string; paths: string[]; patterns: RegExp[] };

export function compileRules(rules: DomainRule[] | undefined): { rules: CompiledRule[]; from: "task" | "default"; invalid: string[] } {
  const from = rules && rules.length > 0 ? "task" : "default";
  const invalid: string[] = [];
  const compiled = (from === "task" ? rules! : DEFAULT_DOMAIN_RULES).map((r) => ({
    name: domainName(r.name) ?? r.name,
    paths: r.paths ?? [],
    patterns: (r.patterns ?? []).flatMap((p) => {
      try {
        return [new RegExp(p, "i")];
      } catch {
        invalid.push(`${r.name}: ${p}`);
        return [];
      }
    }),
  }));
  return { rules: compiled, from, invalid };
}

function hunkDomains(paths: string[], changed: string[], rules: CompiledRule[]): string[] {
  const lines = changed.map((l) => l.slice(1, MAX_LINE + 1));
  const hit = rules.filter((r) => paths.some((p) => matchesAny(p, r.paths)) || r.patterns.some((re) => lines.some((l) => re.test(l))));
  const names = [...new Set(hit.map((r) => r.name))];
  return names.length > 0 ? names : ["other"];
}

export function classifyFiles(files: DiffFile[], rules: CompiledRule[]): HunkClass[] {
  const out: HunkClass[] = [];
  for (const f of files) {
    const file = f.paths[f.paths.length - 1] ?? "(unnamed file)";
    if (f.hunks.length === 0) {
      out.push({ file, header: f.note ?? "(no hunks)", domains: hunkDomains(f.paths, [], rules), changedLines: 0 });
      continue;
    }
    for (const h of f.hunks) out.push({ file, header: h.header, domains: hunkDomains(f.paths, h.changed, rules), changedLines: h.changed.length });
  }
  return out;
}

export function classifyEdit(input: { diff: string | null | undefined; declared: string | null | undefined; rules?: DomainRule[] }): Classification {
  const declared = domainName(input.declared);
  const { rules, from } = compileRules(input.rules);
  const files = parseDiff(input.diff);
  const hunks = classifyFiles(files, rules);
  if (hunks.length === 0) {
    return { source: declared ? "declared" : "none", declared, classified: [], hunks, disagreement: false, domains: declared ? [declared] : [], rulesFrom: from };
  }
  const classified = [...new Set(hunks.flatMap((h) => h.domains))];
  return {
    source: "diff",
    declared,
    classified,
    hunks,
    disagreement: declared !== null && !classified.includes(declared),
    domains: classified,
    rulesFrom: from,
  };
}

/** Whether a trial counts under a domain for that domain's review: classified, or declared. */
export function touchesDomain(c: Classification, domain: string): boolean {
  const d = domainName(domain) ?? domain;
  return c.domains.includes(d) || c.declared === d;
}
