"use client";
import { forwardRef } from "react";
import { STANDARD_DOMAINS } from "@/lib/domain/audit/domains";

export type VerdictChoice = "legal" | "illegal" | "needs_review";
export type VerdictDraft = { verdict: VerdictChoice | null; domain: string; reason: string };

type Props = {
  draft: VerdictDraft;
  onChange: (d: VerdictDraft) => void;
  onSubmit: () => void;
  busy: boolean;
  error: string | null;
};

const CHOICES: { value: VerdictChoice; label: string; key: string }[] = [
  { value: "legal", label: "Legal", key: "l" },
  { value: "illegal", label: "Illegal", key: "i" },
  { value: "needs_review", label: "Needs review", key: "n" },
];

/** The verdict form; the queue around it handles the l/i/n and j/k shortcuts. Enter submits. */
export const VerdictForm = forwardRef<HTMLInputElement, Props>(function VerdictForm({ draft, onChange, onSubmit, busy, error }, reasonRef) {
  const needsReason = draft.verdict === "illegal";
  return (
    <form
      className="verdict-form"
      aria-label="Verdict"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <fieldset>
        <legend>Verdict</legend>
        {CHOICES.map((c) => (
          <label key={c.value}>
            <input type="radio" name="verdict" value={c.value} checked={draft.verdict === c.value} onChange={() => onChange({ ...draft, verdict: c.value })} />{" "}
            {c.label} <kbd>{c.key}</kbd>
          </label>
        ))}
      </fieldset>
      <label>
        Domain{" "}
        <input
          type="text"
          name="domain"
          list="audit-domains"
          value={draft.domain}
          onChange={(e) => onChange({ ...draft, domain: e.target.value })}
          maxLength={500}
        />
      </label>
      <datalist id="audit-domains">
        {STANDARD_DOMAINS.map((d) => (
          <option key={d} value={d} />
        ))}
      </datalist>
      <label>
        Reason{needsReason ? " (required for illegal)" : ""}{" "}
        <input
          ref={reasonRef}
          type="text"
          name="reason"
          value={draft.reason}
          required={needsReason}
          onChange={(e) => onChange({ ...draft, reason: e.target.value })}
          maxLength={20000}
        />
      </label>
      <div>
        <button type="submit" disabled={busy || draft.verdict === null}>
          Record verdict <kbd>Enter</kbd>
        </button>{" "}
        <span className="muted">Verdicts are appended beside the trial and never change its score.</span>
      </div>
      {error && (
        <p role="alert" className="bad">
          {error}
        </p>
      )}
    </form>
  );
});
