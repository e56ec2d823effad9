"use client";
// One verdict, domain and reason for every selected trial of the queue (recorded one per trial).
import { useState } from "react";
import { ApiError } from "@/lib/api/client";
import { apiWrite } from "@/lib/api/write";
import type { VerdictChoice } from "./verdict-form";

type Recorded = {
  trialId: string;
  verdict: VerdictChoice;
  id: string;
  domain: string | null;
  reason: string | null;
  auditor: string | null;
  createdAt: string | null;
};
type Props = { runId: string; selected: string[]; onRecorded: (items: Recorded[]) => void; onClear: () => void };

export function BulkVerdictBar({ runId, selected, onRecorded, onClear }: Props) {
  const [verdict, setVerdict] = useState<VerdictChoice>("legal");
  const [domain, setDomain] = useState("");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (selected.length === 0) return null;
  async function record() {
    if (verdict === "illegal" && !reason.trim()) return setError("an illegal verdict needs a reason");
    setBusy(true);
    setError(null);
    try {
      const out = await apiWrite(
        "giveVerdicts",
        { id: runId },
        { json: { trialIds: selected, verdict, domain: domain || undefined, reason: reason || undefined } },
      );
      onRecorded(out.items);
      setReason("");
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "the verdicts were not recorded");
    } finally {
      setBusy(false);
    }
  }
  return (
    <form
      className="bulk-bar"
      aria-label="Verdict for the selected trials"
      data-testid="bulk-bar"
      onSubmit={(e) => {
        e.preventDefault();
        void record();
      }}
    >
      <strong>{selected.length} selected</strong>
      <label>
        Verdict{" "}
        <select name="bulk-verdict" value={verdict} onChange={(e) => setVerdict(e.target.value as VerdictChoice)}>
          <option value="legal">legal</option>
          <option value="illegal">illegal</option>
          <option value="needs_review">needs review</option>
        </select>
      </label>
      <label>
        Domain{" "}
        <input type="text" name="bulk-domain" list="audit-domains" value={domain} onChange={(e) => setDomain(e.target.value)} maxLength={500} size={12} />
      </label>
      <label className="bulk-reason">
        Reason{verdict === "illegal" ? " (required)" : ""}{" "}
        <input type="text" name="bulk-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={20000} />
      </label>
      <button type="submit" disabled={busy}>
        Record for {selected.length} {selected.length === 1 ? "trial" : "trials"}
      </button>
      <button type="button" onClick={onClear}>
        Clear selection
      </button>
      {error && (
        <p role="alert" className="bad">
          {error}
        </p>
      )}
    </form>
  );
}
