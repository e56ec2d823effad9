import { VisibleText } from "@/components/ui/visible-text";
import type { Finding } from "@/lib/domain/audit/findings";
import { formatNumber } from "@/lib/domain/number-format";

const LABEL: Record<Finding["kind"], string> = {
  protected_path: "protected path",
  outside_surface: "outside its surface",
  evaluation_code: "evaluation-looking code",
  evaluator_changed: "evaluator changed",
  budget_wallclock: "wall-clock over budget",
  budget_memory: "memory over budget",
  budget_artifact: "artifact over budget",
  gate_missed: "gate missed",
  not_reproducible: "not reproducible",
  within_noise: "within noise",
  analysis_failed: "not analysed",
};

export const findingLabel = (k: Finding["kind"]) => LABEL[k];
export const FINDING_KINDS_SHOWN = Object.keys(LABEL) as Finding["kind"][];

/** Findings with their evidence; hunks are untrusted text, shown literally and bounded by the server. */
export function FindingsList({ findings, evidence = true }: { findings: Finding[]; evidence?: boolean }) {
  if (findings.length === 0) return <p className="muted">No automatic findings.</p>;
  return (
    <ul className="findings" data-testid="findings">
      {findings.map((f, i) => (
        <li key={i} className="finding" data-kind={f.kind}>
          <span className={`badge sev-${f.severity}`}>{LABEL[f.kind]}</span> <VisibleText text={f.message} />
          {f.evidence.figure !== undefined && f.evidence.limit !== undefined && (
            <span className="muted">
              {" "}
              — figure {formatNumber(f.evidence.figure)}, limit {formatNumber(f.evidence.limit)}
            </span>
          )}
          {evidence && f.evidence.hunk && (
            <pre aria-label={`evidence for ${LABEL[f.kind]}`}>
              <VisibleText text={f.evidence.hunk} />
            </pre>
          )}
        </li>
      ))}
    </ul>
  );
}

export function FindingBadges({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) return <span className="muted">none</span>;
  const kinds = [...new Set(findings.map((f) => f.kind))];
  return (
    <>
      {kinds.map((k) => (
        <span key={k} className={`badge sev-${findings.find((f) => f.kind === k)!.severity}`}>
          {LABEL[k]}
        </span>
      ))}
    </>
  );
}
