"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ApiError, fetchJson } from "@/lib/api/fetch-json";
import { apiWrite } from "@/lib/api/write";

type Request = { id: string; status: "queued" | "running" | "done" | "failed"; error: string | null; result: { withinTolerance: boolean | null } | null };

function describe(r: Request): string {
  if (r.status === "queued") return "Queued: waiting for a free slot in the runner…";
  if (r.status === "running") return "Re-evaluating…";
  if (r.status === "failed") return `Could not be re-evaluated: ${r.error ?? "unknown reason"}`;
  return r.result?.withinTolerance ? "Reproduces." : "Does NOT reproduce.";
}

/**
 * Asks the server to re-run the trial's stored code. The request is queued (the runner beside the
 * server runs a few at once); this polls it until it is done, then the page shows the reproduction.
 */
/** `blocked`: why a re-run is impossible (no stored code): the button is off and says so. */
export function ReevalButton({ trialId, blocked = null }: { trialId: string; blocked?: string | null }) {
  const router = useRouter();
  const [request, setRequest] = useState<Request | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const pending = request !== null && (request.status === "queued" || request.status === "running");
  const base = `/api/trials/${encodeURIComponent(trialId)}/reevaluate`;

  // A request still waiting or running from before (another tab, a reload) is shown and followed.
  useEffect(() => {
    let live = true;
    fetchJson<{ items: Request[] }>(base)
      .then(({ items }) => {
        const latest = items[0];
        if (live && latest && (latest.status === "queued" || latest.status === "running")) {
          setRequest((r) => r ?? latest);
          setMessage((m) => m ?? describe(latest));
        }
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [base]);

  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(async () => {
      try {
        const { items } = await fetchJson<{ items: Request[] }>(base);
        const now = items.find((r) => r.id === request.id);
        if (!now) return;
        setRequest(now);
        setMessage(describe(now));
        if (now.status === "done") router.refresh();
      } catch {
        // keep polling: a missed answer is not the request's failure
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [pending, request?.id, base, router]);

  async function run() {
    setMessage("Asking…");
    try {
      const r = await apiWrite<Request>(base);
      setRequest(r);
      setMessage(describe(r));
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : "the re-evaluation could not be asked for");
    }
  }
  return (
    <p>
      <button type="button" onClick={() => void run()} disabled={pending || blocked !== null} title={blocked ?? undefined} aria-describedby={blocked ? "reeval-blocked" : undefined} data-testid="reeval-button">
        Re-evaluate this trial&apos;s code
      </button>{" "}
      {blocked && (
        <span className="muted" id="reeval-blocked" data-testid="reeval-blocked">
          Cannot be re-evaluated: {blocked}.
        </span>
      )}
      {message && (
        <span role="status" data-testid="reeval-status" data-state={request?.status ?? "none"}>
          {message}
        </span>
      )}
    </p>
  );
}
