import { VisibleText } from "@/components/ui/visible-text";
import "./audit.css";

export type VerdictEntry = { id: string; verdict: string; domain: string | null; reason: string | null; auditor: string | null; createdAt: string | null };

/** Every verdict of a trial, newest first; older ones stay visible, marked as superseded. */
export function VerdictHistory({ verdicts }: { verdicts: VerdictEntry[] }) {
  if (verdicts.length === 0)
    return (
      <p className="muted" data-testid="verdict-history">
        No verdict yet.
      </p>
    );
  const newestFirst = [...verdicts].reverse();
  return (
    <ol className="verdict-history" data-testid="verdict-history">
      {newestFirst.map((v, i) => (
        <li key={v.id} className={i > 0 ? "superseded" : undefined}>
          <span className={`badge verdict-${v.verdict}`}>{v.verdict.replace("_", " ")}</span>
          {v.domain && (
            <span className="badge">
              <VisibleText text={v.domain} />
            </span>
          )}
          <span className="muted">
            {" "}
            by <VisibleText text={v.auditor ?? "unknown"} /> at {v.createdAt ?? "?"}
            {i > 0 ? " (superseded)" : ""}
          </span>
          {v.reason && (
            <div className="pre-text">
              <VisibleText text={v.reason} />
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
