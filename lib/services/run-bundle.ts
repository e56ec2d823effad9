// A run as a read-only static bundle (`lineage bundle RUN -o DIR`): index.html (the run page), a page
// and the raw diff per trial, the trace, the run's summary and the audit report, produced a file at a
// time so a long run is never held in memory whole. Rendering is lib/bundle's; this gathers the data.
import type { Db } from "../../db/client";
import { renderReportMarkdown } from "../domain/audit/report-md";
import { LIMITS } from "../domain/limits";
import { renderRunPage, trialHref } from "../bundle/run-page";
import { renderTrialPage } from "../bundle/trial-page";
import { auditReport } from "./audit-report";
import { getRunDetail } from "./catalog";
import { exportRunTrace } from "./export-run";
import { getRunCurve } from "./run-curve";
import { getTrialDiff, getTrialPage } from "./trial-page";
import { listTrials, type TrialListItem } from "./trials";

/** A file of the bundle, by its path inside the bundle's folder; content as one string or in chunks. */
export type BundleFile = { path: string; content: string | Iterable<string> };

function allTrials(db: Db, runId: string): TrialListItem[] {
  const all: TrialListItem[] = [];
  let cursor: string | undefined;
  do {
    const page = listTrials(db, runId, { limit: LIMITS.pageMax, sort: "seq", cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

export function* runBundleFiles(db: Db, runId: string, now = new Date()): Generator<BundleFile> {
  const run = getRunDetail(db, runId); // not_found before anything is written
  const trials = allTrials(db, runId);
  const curve = getRunCurve(db, runId, { max: 2000 }).points;
  yield { path: "index.html", content: renderRunPage({ run, curve, trials, writtenAt: now.toISOString() }) };
  for (const t of trials) {
    const diff = getTrialDiff(db, t.id);
    yield { path: trialHref(t.seq), content: renderTrialPage(getTrialPage(db, t.id), diff, run.scoreDigits, run.name) };
    if (diff) yield { path: `trials/${t.seq}.diff.txt`, content: diff };
  }
  yield { path: "data/trace.jsonl", content: exportRunTrace(db, runId) };
  yield { path: "data/run.json", content: JSON.stringify(run, null, 2) + "\n" };
  yield { path: "audit.md", content: renderReportMarkdown(auditReport(db, runId, now)) };
}
