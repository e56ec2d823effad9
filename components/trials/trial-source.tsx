// What an importer recorded about a trial's source (issue 10 §8, §9, §17): its id there, the
// agent's own notes, and whether the row was recovered from a malformed line, with that line.
import { VisibleText } from "@/components/ui/visible-text";

export type TrialSource = { sourceId?: string; sourceLine?: string; agentNotes?: string; malformed?: { raw: string; reason?: string; truncated?: boolean } };

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

export function trialSource(extra: Record<string, unknown> | null | undefined): TrialSource {
  const e = extra ?? {};
  return {
    sourceId: str(e.sourceId),
    sourceLine: str(e.sourceLine),
    agentNotes: str(e.agentNotes),
    malformed: e.malformedSourceRow === true ? { raw: str(e.rawRow) ?? "", reason: str(e.malformedReason) } : undefined,
  };
}

export function MalformedBadge() {
  return (
    <span className="badge bad-badge" data-testid="malformed-badge" title="an importer recovered this trial from a source line it could not read whole">
      recovered from a malformed row
    </span>
  );
}

/** The raw source line, one click away, shown as text. */
export function RawRow({ malformed, testId = "raw-row" }: { malformed: NonNullable<TrialSource["malformed"]>; testId?: string }) {
  return (
    <details className="trial-text" data-testid={testId}>
      <summary>Raw source line{malformed.reason ? <span className="muted"> ({<VisibleText text={malformed.reason} />})</span> : null}</summary>
      <pre style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
        <VisibleText text={malformed.raw} />
        {malformed.truncated ? "…" : ""}
      </pre>
    </details>
  );
}
