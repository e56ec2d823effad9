"use client";
// A verdict given from the domain-review table, on one row: the status badge and, for auditors,
// a choice, a reason and a button. The domain is the one under review.
import { useState } from "react";
import { ApiError } from "@/lib/api/client";
import { apiWrite } from "@/lib/api/write";
import type { VerdictStatus } from "@/lib/domain/audit/api";
import type { VerdictChoice } from "./verdict-form";

type Props = { trialId: string; seq: number; domain: string; status: VerdictStatus; canJudge: boolean };

export function ReviewVerdict({ trialId, seq, domain, status: initial, canJudge }: Props) {
  const [status, setStatus] = useState(initial);
  const [verdict, setVerdict] = useState<VerdictChoice>("legal");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const badge = (
    <span className={`badge verdict-${status}`} data-testid="review-status">
      {status.replace("_", " ")}
    </span>
  );
  if (!canJudge) return badge;
  async function record() {
    if (verdict === "illegal" && !reason.trim()) return setError("an illegal verdict needs a reason");
    setBusy(true);
    setError(null);
    try {
      const v = await apiWrite("giveVerdict", { id: trialId }, { json: { verdict, domain, reason: reason || undefined } });
      setStatus(v.verdict);
      setReason("");
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "the verdict was not recorded");
    } finally {
      setBusy(false);
    }
  }
  return (
    <form
      className="review-verdict"
      aria-label={`Verdict for trial #${seq}`}
      onSubmit={(e) => {
        e.preventDefault();
        void record();
      }}
    >
      {badge}
      <select aria-label={`verdict for trial #${seq}`} value={verdict} onChange={(e) => setVerdict(e.target.value as VerdictChoice)}>
        <option value="legal">legal</option>
        <option value="illegal">illegal</option>
        <option value="needs_review">needs review</option>
      </select>
      <input
        type="text"
        aria-label={`reason for trial #${seq}`}
        placeholder="reason"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={20000}
        size={14}
      />
      <button type="submit" disabled={busy}>
        Record
      </button>
      {error && (
        <span role="alert" className="bad">
          {error}
        </span>
      )}
    </form>
  );
}
