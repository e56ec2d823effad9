// Automatic legality findings of one trial, each with its evidence (the offending hunk, or the
// figure and its limit). Pure: the service gathers the trial, its task and its agent's surface.
import { CONFIRM_BUDGET, compileRules, hunkLines, matchHunks, type HunkText } from "./classify";
import { parseDiff, type DiffFile, type DiffHunk } from "./diff-hunks";
import { EVALUATION_PATTERNS } from "./domains";
import { evaluatorChanges, type FileChange, type FileManifest } from "./evaluator-files";
import { matchesAny } from "../glob";
import { formatNumber } from "../number-format";
import type { WorkBudget } from "./line-match";
import type { AuditTask, DomainRule, GateSpec } from "./types";
import { FINDING_KINDS, type FindingKind } from "./finding-kinds";

export { FINDING_KINDS, type FindingKind };

/** legality: the edit may be illegal; budget: a limit was passed; evidence: the score may not mean what it says */
export type FindingSeverity = "legality" | "budget" | "evidence";

export type Finding = {
  kind: FindingKind;
  severity: FindingSeverity;
  message: string;
  evidence: {
    file?: string;
    hunk?: string;
    figure?: number;
    limit?: number;
    metric?: string;
    /** evaluator_changed: the hash the trial ran with and the task's now, and the files that differ */
    hashes?: { trial: string; task: string };
    files?: FileChange[];
  };
};

export type AuditTrial = {
  status: string;
  score: number | null;
  failure: string | null;
  failureDetail?: string | null;
  metrics: Record<string, number> | null;
  wallclockSeconds: number | null;
  peakMemoryBytes: number | null;
  artifactBytes: number | null;
  kept: boolean | null;
  isBest: boolean;
  deltaVsParent: number | null;
  /** the raw diff; only read when no stored diffFindings are passed to trialFindings */
  diff?: string | null;
  agentSurface: string | null;
  /** hash of the evaluator files the trial ran with (runner-made trials only) */
  evaluatorHash?: string | null;
  /** those files (path -> content hash), when known: lets the finding name what differs */
  evaluatorFiles?: FileManifest | null;
};

export type Reproduction = { score: number | null; difference: number | null; tolerance: number | null; withinTolerance: boolean | null };

const SEVERITY: Record<FindingKind, FindingSeverity> = {
  protected_path: "legality",
  outside_surface: "legality",
  evaluation_code: "legality",
  evaluator_changed: "legality",
  budget_wallclock: "budget",
  budget_memory: "budget",
  budget_artifact: "budget",
  gate_missed: "budget",
  not_reproducible: "evidence",
  within_noise: "evidence",
  analysis_failed: "legality",
};

const HUNK_EVIDENCE_LINES = 40;
const HUNK_EVIDENCE_CHARS = 4000;

/** A hunk bounded for display: evidence is untrusted text and some hunks are megabytes. */
export function hunkEvidence(h: DiffHunk | undefined): string | undefined {
  if (!h) return undefined;
  const lines = h.text.split("\n");
  let text = lines.slice(0, HUNK_EVIDENCE_LINES).join("\n");
  if (text.length > HUNK_EVIDENCE_CHARS) text = text.slice(0, HUNK_EVIDENCE_CHARS);
  if (text.length < h.text.length) text += `\n… (${lines.length} lines in all)`;
  return text;
}

const finding = (kind: FindingKind, message: string, evidence: Finding["evidence"]): Finding => ({ kind, severity: SEVERITY[kind], message, evidence });

/** The audit could not analyse the trial: a finding an auditor must look at, never a silent pass. */
export const analysisFailedFinding = (reason: string): Finding =>
  finding(
    "analysis_failed",
    `the audit could not analyse this trial's diff (${reason.slice(0, 200)}): its surface, protected-path and evaluation-code checks did not run`,
    {},
  );

/** Findings of one kind listed at most per trial; the rest are counted in one closing finding. */
export const MAX_FINDINGS_PER_KIND = 200;

function capped(kind: FindingKind, all: Finding[]): Finding[] {
  if (all.length <= MAX_FINDINGS_PER_KIND) return all;
  const rest = all.length - MAX_FINDINGS_PER_KIND;
  return [...all.slice(0, MAX_FINDINGS_PER_KIND), finding(kind, `… and ${rest} more like these, not listed`, { figure: rest })];
}

function pathFindings(files: DiffFile[], task: AuditTask, surface: string | null): Finding[] {
  const prot: Finding[] = [];
  const outside: Finding[] = [];
  const surfaceSpec = surface ? task.surfaces?.find((s) => s.name === surface) : undefined;
  for (const f of files) {
    for (const path of f.paths) {
      if (matchesAny(path, task.protectedPaths)) {
        prot.push(finding("protected_path", `edits ${path}, a protected (evaluator-owned) path`, { file: path, hunk: hunkEvidence(f.hunks[0]) ?? f.note }));
      } else if (surfaceSpec && !matchesAny(path, surfaceSpec.paths)) {
        outside.push(
          finding("outside_surface", `edits ${path}, outside the ${surface} surface (${surfaceSpec.paths.join(", ")})`, {
            file: path,
            hunk: hunkEvidence(f.hunks[0]) ?? f.note,
          }),
        );
      }
    }
  }
  return [...capped("protected_path", prot), ...capped("outside_surface", outside)];
}

/** The rules whose hits are evaluation-code findings: the task's own evaluation rules and the built-in patterns. */
export function evaluationRules(task: Pick<AuditTask, "domains">): DomainRule[] {
  const key = task.domains ?? NO_RULES;
  let rules = evaluationRulesOf.get(key);
  if (!rules) {
    const own = task.domains?.filter((d) => d.name.toLowerCase() === "evaluation" || d.name.toLowerCase() === "eval") ?? [];
    evaluationRulesOf.set(key, (rules = [...own, { name: "evaluation", patterns: EVALUATION_PATTERNS }]));
  }
  return rules;
}
/** Kept per task rules array, so their compiled form is reused (compileRules memoises by array). */
const evaluationRulesOf = new WeakMap<readonly DomainRule[], DomainRule[]>();
const NO_RULES: DomainRule[] = [];

function evaluationFindings(files: DiffFile[], task: AuditTask, budget: WorkBudget, text: HunkText): Finding[] {
  const { rules } = compileRules(evaluationRules(task));
  const paths = rules.flatMap((r) => r.paths);
  const hits = matchHunks(
    rules.flatMap((r) => r.matchers),
    text,
    budget,
  );
  const out: Finding[] = [];
  let more = 0; // hunks past the listed ones are counted, not described (a diff may have 100,000)
  let flat = 0;
  for (const f of files) {
    const byPath = f.paths.some((p) => matchesAny(p, paths));
    for (const h of f.hunks) {
      const hit = hits.get(flat++);
      if (!byPath && !hit) continue;
      if (out.length >= MAX_FINDINGS_PER_KIND) {
        more++;
        continue;
      }
      const line = hit ? h.changed[hit.line] : undefined;
      const why =
        line === undefined
          ? `changes ${f.paths.at(-1)}, an evaluation file by the task's rules`
          : hit!.confirmed
            ? `changes evaluation-looking code: ${line.slice(0, 160)}`
            : `may change evaluation-looking code (the hunk was too costly to check line by line): ${line.slice(0, 160)}`;
      out.push(finding("evaluation_code", why, { file: f.paths.at(-1), hunk: hunkEvidence(h) }));
    }
  }
  if (more > 0) out.push(finding("evaluation_code", `… and ${more} more like these, not listed`, { figure: more }));
  return out;
}

/**
 * The findings read from the diff (protected paths, surfaces, evaluation code): the costly part,
 * computed once when the trial is recorded and stored (trial-analysis.ts).
 */
export function diffFindings(
  files: DiffFile[],
  task: AuditTask,
  surface: string | null,
  budget: WorkBudget = { left: CONFIRM_BUDGET },
  text: HunkText = { lines: hunkLines(files) },
): Finding[] {
  if (files.length === 0) return [];
  return [...pathFindings(files, task, surface), ...evaluationFindings(files, task, budget, text)];
}

/** "16,005,982 bytes, 5,982 bytes over the 16,000,000-byte cap": grouped, so a reader sees how far over at a glance. */
function overBy(bytes: number, limit: number, word: "cap" | "budget"): string {
  const over = bytes - limit;
  return `${formatNumber(bytes)} bytes, ${formatNumber(over)} byte${over === 1 ? "" : "s"} over the ${formatNumber(limit)}-byte ${word}`;
}

function budgetFindings(t: AuditTrial, task: AuditTask): Finding[] {
  const b = task.budgets ?? {};
  const out: Finding[] = [];
  if (b.wallclockSeconds !== undefined && t.wallclockSeconds !== null && t.wallclockSeconds > b.wallclockSeconds) {
    out.push(
      finding("budget_wallclock", `ran ${t.wallclockSeconds} s, over the ${b.wallclockSeconds} s budget`, {
        figure: t.wallclockSeconds,
        limit: b.wallclockSeconds,
      }),
    );
  }
  if (b.memoryBytes !== undefined && t.peakMemoryBytes !== null && t.peakMemoryBytes > b.memoryBytes) {
    out.push(
      finding("budget_memory", `peak memory ${overBy(t.peakMemoryBytes, b.memoryBytes, "budget")}`, { figure: t.peakMemoryBytes, limit: b.memoryBytes }),
    );
  }
  if (b.artifactBytes !== undefined && t.artifactBytes !== null && t.artifactBytes > b.artifactBytes) {
    out.push(finding("budget_artifact", `artifact ${overBy(t.artifactBytes, b.artifactBytes, "cap")}`, { figure: t.artifactBytes, limit: b.artifactBytes }));
  }
  return out;
}

export function passesGate(value: number, gate: GateSpec): boolean {
  switch (gate.op) {
    case ">=":
      return value >= gate.value;
    case ">":
      return value > gate.value;
    case "<=":
      return value <= gate.value;
    case "<":
      return value < gate.value;
  }
}

function gateFindings(t: AuditTrial, task: AuditTask): Finding[] {
  const out = (task.gates ?? []).flatMap((g) => {
    const value = t.metrics?.[g.metric] ?? (g.metric === task.metricName ? t.score : null) ?? null;
    if (value === null || passesGate(value, g)) return [];
    return [finding("gate_missed", `${g.metric} ${value} misses the gate ${g.metric} ${g.op} ${g.value}`, { metric: g.metric, figure: value, limit: g.value })];
  });
  // The evaluator's own label wins over figures that may have been rounded on the way (0.96 shown for 0.9599…).
  if (out.length === 0 && t.failure === "gate_miss") {
    const g = task.gates?.[0];
    const value = g ? t.metrics?.[g.metric] : undefined;
    const detail = t.failureDetail ? `: ${t.failureDetail}` : "";
    out.push(finding("gate_missed", `the evaluator labelled it a gate miss${detail}`, g ? { metric: g.metric, figure: value, limit: g.value } : {}));
  }
  return out;
}

/** A keep or new best whose gain over its first parent is no larger than the task's noise floor. */
export function withinNoise(
  t: Pick<AuditTrial, "kept" | "isBest" | "deltaVsParent">,
  task: Pick<AuditTask, "noiseFloor" | "direction">,
): { gain: number; floor: number } | null {
  if (!(t.kept || t.isBest) || t.deltaVsParent === null || task.noiseFloor == null) return null;
  const gain = task.direction === "minimize" ? -t.deltaVsParent : t.deltaVsParent;
  return gain <= task.noiseFloor ? { gain, floor: task.noiseFloor } : null;
}

function reproductionFindings(reproductions: Reproduction[]): Finding[] {
  return reproductions
    .filter((r) => r.withinTolerance === false)
    .map((r) =>
      finding(
        "not_reproducible",
        r.score === null
          ? "a re-evaluation produced no score"
          : `a re-evaluation scored ${r.score}, ${r.difference} from the original (tolerance ${r.tolerance ?? 0})`,
        { figure: r.difference ?? undefined, limit: r.tolerance ?? undefined },
      ),
    );
}

const short = (hash: string) => hash.slice(0, 12);

/** The trial ran with evaluator files other than the task's now (swapped, edited, added or removed). */
export function evaluatorFinding(t: Pick<AuditTrial, "evaluatorHash" | "evaluatorFiles">, task: Pick<AuditTask, "evaluator">): Finding | null {
  if (!t.evaluatorHash || !task.evaluator || t.evaluatorHash === task.evaluator.hash) return null;
  const changes = t.evaluatorFiles ? evaluatorChanges(t.evaluatorFiles, task.evaluator.files) : [];
  const what = { changed: "differs", added: "only in the trial", missing: "only in the task" };
  const listed = changes.map((c) => `${c.path} (${what[c.change]})`);
  const lines = [`evaluator files hash when the trial ran: ${t.evaluatorHash}`, `the task's evaluator files hash now:    ${task.evaluator.hash}`, ...listed];
  return finding(
    "evaluator_changed",
    `the evaluator's files differ from the task's (${short(t.evaluatorHash)}… vs ${short(task.evaluator.hash)}…)${listed.length ? `: ${listed.slice(0, 5).join(", ")}${listed.length > 5 ? ` and ${listed.length - 5} more` : ""}` : ""}`,
    {
      file: changes[0]?.path,
      hunk: lines.slice(0, 52).join("\n"),
      hashes: { trial: t.evaluatorHash, task: task.evaluator.hash },
      files: changes.slice(0, 200),
    },
  );
}

/** Every finding of a trial; `fromDiff` is the stored diffFindings (else they are computed from t.diff). */
export function trialFindings(t: AuditTrial, task: AuditTask, reproductions: Reproduction[] = [], fromDiff?: Finding[]): Finding[] {
  const out = [...(fromDiff ?? diffFindings(parseDiff(t.diff), task, t.agentSurface))];
  const evaluator = evaluatorFinding(t, task);
  if (evaluator) out.push(evaluator);
  if (t.status === "evaluated") out.push(...budgetFindings(t, task), ...gateFindings(t, task));
  const noise = withinNoise(t, task);
  if (noise) {
    out.push(
      finding("within_noise", `${t.isBest ? "new best" : "keep"} gained ${round(noise.gain)} over its parent, within the noise floor ${noise.floor}`, {
        figure: noise.gain,
        limit: noise.floor,
      }),
    );
  }
  out.push(...reproductionFindings(reproductions));
  return out;
}

const round = (n: number) => Number(n.toPrecision(6));
