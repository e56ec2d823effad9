"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError, fetchJson } from "@/lib/api/fetch-json";

type Session = { csrfToken: string | null };

/** Asks the server to re-run the trial's stored code; the page then shows the reproduction. */
export function ReevalButton({ trialId }: { trialId: string }) {
  const router = useRouter();
  const [state, setState] = useState<{ busy: boolean; message: string | null }>({ busy: false, message: null });
  async function run() {
    setState({ busy: true, message: "Re-evaluating…" });
    try {
      const session = await fetchJson<Session>("/api/auth/session");
      const r = await fetchJson<{ withinTolerance: boolean | null; score: number | null; failure: string | null }>(`/api/trials/${encodeURIComponent(trialId)}/reevaluate`, {
        method: "POST",
        headers: session.csrfToken ? { "x-lineage-csrf": session.csrfToken } : {},
      });
      setState({ busy: false, message: r.withinTolerance ? "Reproduces." : "Does NOT reproduce." });
      router.refresh();
    } catch (e) {
      setState({ busy: false, message: e instanceof ApiError ? e.message : "the re-evaluation failed" });
    }
  }
  return (
    <p>
      <button type="button" onClick={() => void run()} disabled={state.busy} data-testid="reeval-button">
        Re-evaluate this trial&apos;s code
      </button>{" "}
      {state.message && (
        <span role="status" data-testid="reeval-status">
          {state.message}
        </span>
      )}
    </p>
  );
}
