// A trial's page in the bundle (trials/<seq>.html): its outcome against its parent and the best
// before it, what it was proposed as and from, what it saw, the feedback it handed on, its diff.
import { formatBytes, formatNumber } from "../domain/number-format";
import type { TrialPage } from "../services/trial-page";
import { renderDiff } from "./diff";
import { esc, facts, link, page } from "./html";
import { deltaCell, failureLabel } from "./run-page";
import { BUNDLE_CSS } from "./style";

type Link = { id: string; seq: number; score: number | null; failure: string | null };

/** Pages of one folder link to their siblings by seq (a trial id is trace text, never a file name). */
const sibling = (seq: number) => `${seq}.html`;

function links(items: Link[], digits: number, more = false): string | null {
  if (items.length === 0) return null;
  const shown = items.map((t) => `${link(sibling(t.seq), `#${t.seq}`)} ${t.failure ? failureLabel(t.failure) : esc(formatNumber(t.score, digits))}`);
  return shown.join(", ") + (more ? " …" : "");
}

const block = (title: string, text: string | undefined | null) => (text ? `<h2>${esc(title)}</h2><pre>${esc(text)}</pre>` : "");

/** `rawDiff` is the whole recorded diff (the page draws a capped prefix and links the whole). */
export function renderTrialPage(p: TrialPage, rawDiff: string, digits: number, runName: string): string {
  const t = p.trial;
  const dir = p.metric.direction;
  const outcome = t.failure
    ? `${failureLabel(t.failure)}${t.failureDetail ? ` <span class="muted">${esc(t.failureDetail)}</span>` : ""}`
    : t.score === undefined
      ? `<span class="muted">${esc(t.status)}</span>`
      : esc(formatNumber(t.score, digits));
  const metrics = t.metrics
    ? Object.entries(t.metrics)
        .map(([k, v]) => `${esc(k)} ${esc(formatNumber(v as number, digits))}`)
        .join(", ")
    : null;
  const head = facts([
    ["Outcome", outcome],
    ["Δ vs parent", p.deltaVsParent === null ? null : deltaCell(p.deltaVsParent, dir, digits)],
    ["Δ vs best before", p.deltaVsBestBefore === null ? null : deltaCell(p.deltaVsBestBefore, dir, digits)],
    ["New best", t.isBest ? "★ yes" : null],
    ["Agent", t.agent ? esc(t.agent.name) : null],
    ["Surface", t.agent?.surface ? esc(t.agent.surface) : null],
    ["Domain", t.domain ? esc(t.domain) : null],
    ["Expected Δ", t.expectedDelta === undefined ? null : esc(formatNumber(t.expectedDelta, digits))],
    ["Kept", t.kept === undefined ? null : t.kept ? "yes" : "no"],
    ["Wall-clock", t.wallclockSeconds === undefined ? null : `${esc(formatNumber(t.wallclockSeconds, 3))} s`],
    ["Artifact", t.artifactBytes === undefined ? null : esc(formatBytes(t.artifactBytes))],
    ["Peak memory", t.peakMemoryBytes === undefined ? null : esc(formatBytes(t.peakMemoryBytes))],
    ["Metrics", metrics],
    ["Parents", links(t.parents, digits)],
    ["Children", links(t.children, digits, t.childrenTruncated)],
    ["Saw (context refs)", links(t.contextRefTrials, digits)],
    ["Chain", esc(p.chain.state.replaceAll("_", " "))],
    ["Trial id", esc(t.id)],
  ]);
  const body = [
    `<h1 data-testid="bundle-trial-title">Trial #${t.seq}</h1>`,
    `<p class="hyp" data-testid="bundle-hypothesis">${esc(t.hypothesis)}</p>`,
    head,
    block("Feedback it handed on", t.feedback),
    block("Context it was given", t.context),
    "<h2>Diff</h2>",
    renderDiff(rawDiff, `${t.seq}.diff.txt`),
    block("Log", t.log),
  ].join("\n");
  return page(
    `#${t.seq} · ${runName}`,
    [
      { href: "../index.html", text: runName },
      { href: sibling(t.seq!), text: `#${t.seq}` },
    ],
    body,
    BUNDLE_CSS,
  );
}
