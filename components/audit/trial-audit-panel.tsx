import Link from "next/link";
import type { getTrialAudit } from "@/lib/services/audit-findings";
import { ClassificationView } from "./classification-view";
import { FindingsList } from "./findings-list";
import { ReevalButton } from "./reeval-button";
import { VerdictHistory } from "./verdict-history";
import "./audit.css";

type TrialAudit = ReturnType<typeof getTrialAudit>;

/** The audit of one trial on its page: classification, findings, verdict history, reproductions. */
export function TrialAuditPanel({ audit }: { audit: TrialAudit }) {
  const queue = `/runs/${encodeURIComponent(audit.runId)}/audit`;
  return (
    <div data-testid="trial-audit">
      <ClassificationView c={audit.classification} hunks />
      <h3>Automatic findings</h3>
      <FindingsList findings={audit.findings} />
      <h3>Verdicts</h3>
      <VerdictHistory verdicts={audit.verdicts} />
      <h3>Re-evaluations</h3>
      <ReevalButton trialId={audit.id} blocked={audit.reevalBlocked} />
      {audit.reevaluations.length > 0 && (
        <>
          <ul data-testid="reevaluations">
            {audit.reevaluations.map((r) => (
              <li key={r.id}>
                {r.failure ? `failed (${r.failure})` : `scored ${r.score}`} vs {r.originalScore ?? "—"}
                {r.difference !== null && `, difference ${r.difference}`} —{" "}
                {r.withinTolerance === null ? "no tolerance" : r.withinTolerance ? "reproduces" : "does NOT reproduce"} ({r.actor}, {r.createdAt})
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <Link href={queue}>Open the run&apos;s audit queue</Link> to give a verdict.
      </p>
    </div>
  );
}
