// The bundle's index.html: what the run page tells (headline figures, the curve, agents, every
// trial), as one static page whose links lead to the trials' pages and the run's data files.
import { formatDelta, formatNumber } from "../domain/number-format";
import { failureColor } from "../domain/palette";
import type { RunDetail } from "../services/catalog";
import type { TrialListItem } from "../services/trials";
import { renderCurve, type CurvePoint } from "./curve-svg";
import { esc, facts, link, page, table, when } from "./html";
import { BUNDLE_CSS } from "./style";

export const trialHref = (seq: number) => `trials/${seq}.html`;

export type RunPageInput = {
  run: RunDetail;
  curve: CurvePoint[];
  trials: TrialListItem[];
  /** when the bundle was written, ISO */
  writtenAt: string;
};

export const failureLabel = (label: string) => `<span class="label" style="background:${failureColor(label)}">${esc(label)}</span>`;

/** A Δ coloured by whether it is an improvement in the metric's direction. */
export function deltaCell(delta: number | null, direction: "minimize" | "maximize", digits: number): string {
  if (delta === null) return "—";
  const better = direction === "minimize" ? delta < 0 : delta > 0;
  return `<span class="${delta === 0 ? "" : better ? "better" : "worse"}">${esc(formatDelta(delta, digits))}</span>`;
}

export function renderRunPage({ run, curve, trials, writtenAt }: RunPageInput): string {
  const s = run.summary;
  const digits = run.scoreDigits;
  const dir = run.metric.direction;
  const agentName = new Map(run.agents.map((a) => [a.id, a.name]));
  const bestSeq = trials.find((t) => t.id === s.bestTrialId)?.seq;
  const failures = Object.entries(s.failures)
    .filter(([, n]) => n > 0)
    .map(([label, n]) => `${failureLabel(label)} ${n}`)
    .join(" ");
  const headline = facts([
    ["State", esc(run.state)],
    ["Metric", `${esc(run.metric.name)} (${dir === "minimize" ? "lower" : "higher"} is better)`],
    ["Trials", esc(formatNumber(s.trialCount))],
    ["Evaluated", esc(formatNumber(s.evaluatedCount))],
    [
      "Baseline",
      esc(formatNumber(s.baselineScore, digits)) + (s.baselineScore !== null && !s.baselineIsMeasured ? ' <span class="muted">(declared)</span>' : ""),
    ],
    ["Best", s.bestScore === null ? "—" : bestSeq ? link(trialHref(bestSeq), esc(formatNumber(s.bestScore, digits))) : esc(formatNumber(s.bestScore, digits))],
    ["Improvement", s.improvementPct === null ? "—" : `${esc(formatNumber(s.improvementPct, 4))}%`],
    ["Failures", failures || "none"],
    ["Kind", esc(run.kind)],
    ["Feedback", esc(run.feedback)],
    ["Started", when(run.startedAt)],
    ["Finished", run.finishedAt ? when(run.finishedAt) : null],
  ]);
  const agents = run.agents.length
    ? table(
        "Agents",
        ["Agent", "Surface", "Proposer"],
        run.agents.map((a) => [esc(a.name), esc(a.surface ?? "—"), esc(a.proposer ?? "—")]),
      )
    : '<p class="muted">No agents recorded.</p>';
  const rows = trials.map((t) => [
    link(trialHref(t.seq), `#${t.seq}`),
    `<div class="hyp">${esc(t.hypothesis)}${t.hypothesisTruncated ? "…" : ""}</div>`,
    esc(t.agentId ? (agentName.get(t.agentId) ?? t.agentId) : "—"),
    t.failure ? failureLabel(t.failure) : t.score === null ? `<span class="muted">${esc(t.status)}</span>` : esc(formatNumber(t.score, digits)),
    deltaCell(t.deltaVsParent, dir, digits),
    t.isBest ? "★ new best" : "",
  ]);
  const body = [
    `<h1 data-testid="bundle-run-name">${esc(run.name)}</h1>`,
    `<p class="muted">Task ${esc(run.taskName)} (${esc(run.taskId)}) · run ${esc(run.id)} · written ${when(writtenAt)}</p>`,
    headline,
    "<h2>Score curve</h2>",
    renderCurve(curve, run.metric.name, dir, trialHref),
    "<h2>Agents</h2>",
    agents,
    `<h2>Trials (${trials.length.toLocaleString("en-US")})</h2>`,
    table("Trials", ["Trial", "Hypothesis", "Agent", "Outcome", "Δ vs parent", ""], rows, ' data-testid="bundle-trials"'),
    "<h2>Data</h2>",
    '<ul class="links">',
    `<li>${link("data/trace.jsonl", "trace.jsonl")}: the run as a lineage-trace/1 trace (<code>lineage import</code> re-imports it unchanged)</li>`,
    `<li>${link("data/run.json", "run.json")}: the run's summary as <code>GET /api/runs/:id</code> answers it</li>`,
    `<li>${link("audit.md", "audit.md")}: the audit report</li>`,
    "</ul>",
  ].join("\n");
  return page(run.name, [{ href: "index.html", text: run.name }], body, BUNDLE_CSS);
}
