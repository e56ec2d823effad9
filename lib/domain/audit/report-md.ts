// The audit report as Markdown. Agent text is untrusted: table cells have pipes, newlines and
// markup neutralised, and evidence goes into fenced blocks that the text cannot close.
import type { Finding } from "./findings";

type Counts = { submissions: number; legal: number; illegal: number; needs_review: number; unreviewed: number };

export type ReportInput = {
  generatedAt: string;
  headline: {
    runId: string;
    runName: string;
    taskName: string;
    metric: { name: string; direction: string; unit: string | null };
    noiseFloor: number | null;
    keeps: number;
    keepsMeasured: number;
    keepsWithinNoise: number | null;
    baselineDeclared: boolean;
    baselineScore: number | null;
    keepsLeftOut: { id: string; seq: number; why: string }[];
    keepsLeftOutCount: number;
    notChecked: Record<string, string>;
    bestScore: number | null;
    bestTrialId: string | null;
    legalBestScore: number | null;
    legalBestTrialId: string | null;
    rulesFrom: "task" | "default";
  };
  chain: { intact: true; checked: number; head: string } | { intact: false; checked: number; firstBreak: { trialId: string; seq: number; reason: string } };
  verdicts: Counts;
  domains: (Counts & { domain: string })[];
  findings: Record<string, number>;
  disagreements: number;
  flagged: {
    id: string;
    seq: number;
    verdictStatus: string;
    latestVerdict: { verdict: string; reason: string | null; auditor: string | null } | null;
    score: number | null;
    failure: string | null;
    deltaVsParent: number | null;
    declared: string | null;
    domains: string[];
    hypothesis: string;
    findings: Pick<Finding, "kind" | "message" | "evidence">[];
  }[];
  flaggedTruncated: boolean;
  reproductions: {
    trialId: string;
    originalScore: number | null;
    score: number | null;
    failure: string | null;
    difference: number | null;
    tolerance: number | null;
    withinTolerance: boolean | null;
    actor: string;
    createdAt: string;
  }[];
  /** notes on the run and its trials, oldest first; trialSeq null: on the run itself */
  notes: { trialId: string | null; trialSeq: number | null; author: string; body: string; createdAt: string }[];
};

export const cell = (s: unknown) =>
  String(s ?? "—")
    .replace(/[\r\n]+/g, " ")
    .replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`)
    .slice(0, 300);

const num = (n: number | null | undefined) => (n === null || n === undefined ? "—" : String(Number(n.toPrecision(8))));

export function countsLine(c: Counts): string {
  return `${c.submissions} submissions: ${c.legal} legal, ${c.illegal} illegal, ${c.needs_review} needs review, ${c.unreviewed} unreviewed`;
}

function fence(text: string, lang = "diff"): string {
  const ticks = "`".repeat(Math.max(3, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length + 1)));
  return `${ticks}${lang}\n${text}\n${ticks}`;
}

export function renderReportMarkdown(r: ReportInput): string {
  const h = r.headline;
  const out: string[] = [];
  out.push(`# Audit report: ${cell(h.runName)}`, "");
  out.push(
    `Run \`${cell(h.runId)}\` of task ${cell(h.taskName)}; metric ${cell(h.metric.name)} (${h.metric.direction}${h.metric.unit ? `, ${cell(h.metric.unit)}` : ""}). Generated ${r.generatedAt}.`,
    "",
  );
  out.push("## Integrity", "");
  out.push(
    r.chain.intact
      ? `Hash chain intact: ${r.chain.checked} evaluated trials, head \`${r.chain.head}\`.`
      : `Hash chain BROKEN at trial \`${cell(r.chain.firstBreak.trialId)}\` (seq ${r.chain.firstBreak.seq}): ${r.chain.firstBreak.reason}.`,
    "",
  );
  out.push("## Headline", "");
  out.push(`- Best score: ${num(h.bestScore)}${h.bestTrialId ? ` (trial \`${cell(h.bestTrialId)}\`)` : ""}`);
  out.push(`- Legal best (trials not judged illegal): ${num(h.legalBestScore)}${h.legalBestTrialId ? ` (trial \`${cell(h.legalBestTrialId)}\`)` : ""}`);
  out.push(`- Baseline: ${num(h.baselineScore)}${h.baselineDeclared ? " — declared by the task, not measured in this run" : ""}`);
  out.push(
    h.keepsWithinNoise === null
      ? `- Keeps within noise: not checked (the task declares no noise floor); ${h.keeps} keeps`
      : `- ${h.keepsWithinNoise} of ${h.keepsMeasured} measured keeps within noise (noise floor ${num(h.noiseFloor)}); ${h.keeps} keeps in all`,
  );
  if (h.keepsLeftOutCount > 0) {
    out.push(`- Keeps the noise check leaves out: ${h.keepsLeftOutCount}`);
    for (const k of h.keepsLeftOut) out.push(`  - #${k.seq} \`${cell(k.id)}\`: ${cell(k.why)}`);
    if (h.keepsLeftOutCount > h.keepsLeftOut.length) out.push(`  - … and ${h.keepsLeftOutCount - h.keepsLeftOut.length} more`);
  }
  out.push(`- Verdicts: ${countsLine(r.verdicts)}`);
  out.push(`- Declared domain disagrees with the diff: ${r.disagreements}`);
  out.push(`- Domain rules: ${h.rulesFrom === "task" ? "the task's own" : "Lineage's defaults (the task declares none)"}`, "");
  out.push("## By domain", "", "| domain | submissions | legal | illegal | needs review | unreviewed |", "|---|---:|---:|---:|---:|---:|");
  for (const d of r.domains) out.push(`| ${cell(d.domain)} | ${d.submissions} | ${d.legal} | ${d.illegal} | ${d.needs_review} | ${d.unreviewed} |`);
  out.push("", "## Findings by kind", "", "| finding | trials |", "|---|---:|");
  for (const [k, n] of Object.entries(r.findings)) out.push(`| ${k} | ${n} |`);
  for (const [k, why] of Object.entries(h.notChecked)) out.push(`| ${k} | not checked (${cell(why)}) |`);
  out.push("", "## Reproductions", "");
  if (r.reproductions.length === 0) out.push("No re-evaluations recorded.");
  else {
    out.push("| trial | original | re-evaluated | difference | tolerance | reproduces | by | at |", "|---|---:|---:|---:|---:|---|---|---|");
    for (const p of r.reproductions) {
      out.push(
        `| \`${cell(p.trialId)}\` | ${num(p.originalScore)} | ${p.failure ? cell(p.failure) : num(p.score)} | ${num(p.difference)} | ${num(p.tolerance)} | ${p.withinTolerance === null ? "—" : p.withinTolerance ? "yes" : "NO"} | ${cell(p.actor)} | ${p.createdAt} |`,
      );
    }
  }
  out.push("", "## Notes", "");
  if (r.notes.length === 0) out.push("No notes.");
  for (const n of r.notes) {
    // the text is the author's own: kept whole, in a fence it cannot close
    out.push(
      `- ${n.trialId ? `On trial #${n.trialSeq ?? "?"} \`${cell(n.trialId)}\`` : "On the run"}, by ${cell(n.author)} at ${n.createdAt}:`,
      "",
      fence(n.body, "text"),
      "",
    );
  }
  out.push("", "## Illegal, needing review and unreviewed submissions", "");
  if (r.flagged.length === 0) out.push("None: every submission was judged legal.");
  for (const f of r.flagged) {
    out.push(`### #${f.seq} \`${cell(f.id)}\` — ${f.verdictStatus.replace("_", " ")}`, "");
    out.push(`- Score: ${f.failure ? `failed (${cell(f.failure)})` : num(f.score)}; change vs parent: ${num(f.deltaVsParent)}`);
    out.push(`- Domains: ${f.domains.map(cell).join(", ") || "—"}${f.declared ? ` (declared ${cell(f.declared)})` : ""}`);
    out.push(`- Hypothesis: ${cell(f.hypothesis)}`);
    if (f.latestVerdict)
      out.push(
        `- Latest verdict: ${f.latestVerdict.verdict} by ${cell(f.latestVerdict.auditor)}${f.latestVerdict.reason ? `: ${cell(f.latestVerdict.reason)}` : ""}`,
      );
    if (f.findings.length === 0) out.push("- Findings: none");
    for (const x of f.findings) {
      const figure = x.evidence.figure !== undefined ? ` (figure ${num(x.evidence.figure)}, limit ${num(x.evidence.limit)})` : "";
      out.push(`- **${x.kind}**: ${cell(x.message)}${figure}`);
      if (x.evidence.hunk) out.push("", fence(x.evidence.hunk), "");
    }
    out.push("");
  }
  if (r.flaggedTruncated) out.push(`(listing cut at ${r.flagged.length} submissions; the counts above cover all of them)`);
  return out.join("\n") + "\n";
}
