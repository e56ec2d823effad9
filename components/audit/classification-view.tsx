import { VisibleText } from "@/components/ui/visible-text";
import type { Classification } from "@/lib/domain/audit/classify";

/** Declared and classified domains side by side, the disagreement flagged. */
export function ClassificationView({ c, hunks = false }: { c: Classification; hunks?: boolean }) {
  return (
    <div className="classification" data-testid="classification">
      <span className="muted">declared </span>
      {c.declared ? (
        <span className="badge">
          <VisibleText text={c.declared} />
        </span>
      ) : (
        <span className="muted">—</span>
      )}
      <span className="muted"> · classified </span>
      {c.source === "diff" ? (
        c.classified.map((d) => (
          <span key={d} className="badge">
            <VisibleText text={d} />
          </span>
        ))
      ) : (
        <span className="muted">{c.source === "declared" ? "(no diff: the declared domain stands)" : "(no diff)"}</span>
      )}
      {c.disagreement && (
        <span className="badge bad-badge" data-testid="disagreement">
          disagrees with the declared domain
        </span>
      )}
      {c.unconfirmed && <span className="muted"> · some hunks were too costly to check line by line and count as matching</span>}
      {hunks && c.hunks.length > 0 && (
        <ul className="hunk-classes">
          {c.hunks.map((h, i) => (
            <li key={i}>
              <code>
                <VisibleText text={h.file} />
              </code>{" "}
              <span className="muted">
                <VisibleText text={h.header} />
              </span>{" "}
              → {h.domains.join(", ")}
            </li>
          ))}
          {(c.hunkCount ?? 0) > c.hunks.length && <li className="muted">… and {(c.hunkCount ?? 0) - c.hunks.length} more hunks</li>}
        </ul>
      )}
    </div>
  );
}
