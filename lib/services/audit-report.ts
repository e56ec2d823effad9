// The audit report of a run: chain verification, counts by domain and verdict, findings by kind,
// every illegal or unreviewed submission with its findings, reproduction results and the notes. One pass.
import type { Db } from "../../db/client";
import { reevaluationsOfRun } from "../../db/audit-queries";
import { FINDING_KINDS, type FindingKind } from "../domain/audit/findings";
import { runAuditHeadline } from "./audit-findings";
import { auditItemsOfRun, emptyCounts, tally, type VerdictCounts } from "./audit-review";
import { allNotesOfRun } from "./notes";
import { verifyRun } from "./verify-run";

/** Submissions listed at most in the flagged section; the counts always cover the whole run. */
const MAX_FLAGGED = 5000;

export function auditReport(db: Db, runId: string, now = new Date()) {
  const headline = runAuditHeadline(db, runId);
  const chain = verifyRun(db, runId);
  const verdicts = emptyCounts();
  const byDomain = new Map<string, VerdictCounts>();
  const findings = Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<FindingKind, number>;
  const flagged = [];
  const seqOf = new Map<string, number>();
  let disagreements = 0;
  for (const item of auditItemsOfRun(db, runId)) {
    seqOf.set(item.id, item.seq);
    tally(verdicts, item);
    const domains = item.classification.domains.length > 0 ? item.classification.domains : ["(none)"];
    for (const d of domains) {
      if (!byDomain.has(d)) byDomain.set(d, emptyCounts());
      tally(byDomain.get(d)!, item);
    }
    if (item.classification.disagreement) disagreements++;
    for (const f of item.findings) findings[f.kind]++;
    if (item.verdictStatus !== "legal" && flagged.length < MAX_FLAGGED) {
      flagged.push({
        id: item.id,
        seq: item.seq,
        verdictStatus: item.verdictStatus,
        latestVerdict: item.latestVerdict,
        score: item.score,
        failure: item.failure,
        deltaVsParent: item.deltaVsParent,
        declared: item.classification.declared,
        domains: item.classification.domains,
        hypothesis: item.hypothesis,
        findings: item.findings.map((f) => ({ kind: f.kind, severity: f.severity, message: f.message, evidence: f.evidence })),
      });
    }
  }
  const reproductions = reevaluationsOfRun(db, runId).map((r) => ({
    trialId: r.trialId,
    originalScore: r.originalScore,
    score: r.score,
    failure: r.failure,
    difference: r.difference,
    tolerance: r.tolerance,
    withinTolerance: r.withinTolerance,
    actor: r.actor,
    createdAt: r.createdAt,
  }));
  return {
    generatedAt: now.toISOString(),
    headline,
    chain,
    verdicts,
    domains: [...byDomain.entries()].sort((a, b) => b[1].submissions - a[1].submissions).map(([domain, counts]) => ({ domain, ...counts })),
    /** counts of the kinds that were checked; the others are in headline.notChecked */
    findings: Object.fromEntries(Object.entries(findings).filter(([k]) => !(k in headline.notChecked))),
    disagreements,
    flagged,
    flaggedTruncated: verdicts.submissions - verdicts.legal > flagged.length,
    reproductions,
    notes: allNotesOfRun(db, runId).map((n) => ({
      trialId: n.trialId,
      trialSeq: n.trialId ? (seqOf.get(n.trialId) ?? null) : null,
      author: n.author,
      body: n.body,
      createdAt: n.createdAt,
    })),
  };
}
