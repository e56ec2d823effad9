"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ApiError } from "@/lib/api/client";
import { useReevalRequests } from "@/lib/api/trials";
import { apiWrite } from "@/lib/api/write";
import type { ReevalRequest } from "@/lib/domain/api-responses";

function describe(r: ReevalRequest): string {
  if (r.status === "queued") return "Queued: waiting for a free slot in the runner…";
  if (r.status === "running") return "Re-evaluating…";
  if (r.status === "failed") return `Could not be re-evaluated: ${r.error ?? "unknown reason"}`;
  return r.result?.withinTolerance ? "Reproduces." : "Does NOT reproduce.";
}

const waiting = (r: ReevalRequest | undefined) => r !== undefined && (r.status === "queued" || r.status === "running");

/**
 * Asks the server to re-run the trial's stored code. The request is queued (the runner beside the
 * server runs a few at once); the requests are polled until it is done, then the page shows the
 * reproduction. A request still waiting or running from before (another tab, a reload) is followed too.
 * `blocked`: why a re-run is impossible (no stored code): the button is off and says so.
 */
export function ReevalButton({ trialId, blocked = null }: { trialId: string; blocked?: string | null }) {
  const router = useRouter();
  const [followed, setFollowed] = useState<string | null>(null);
  const [asked, setAsked] = useState<ReevalRequest | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const requests = useReevalRequests(trialId, followed);
  const latest = requests.data?.[0];
  const request = requests.data?.find((r) => r.id === followed) ?? (asked?.id === followed ? asked : undefined);
  const pending = waiting(request);

  // On load: the newest request, if it still waits or runs, is the one to follow.
  useEffect(() => {
    if (followed === null && waiting(latest)) setFollowed(latest!.id);
  }, [followed, latest]);

  useEffect(() => {
    if (!request) return;
    setMessage(describe(request));
    if (request.status === "done") router.refresh();
  }, [request?.id, request?.status]); // eslint-disable-line react-hooks/exhaustive-deps

  async function run() {
    setMessage("Asking…");
    try {
      const r = await apiWrite("requestReeval", { id: trialId });
      setAsked(r);
      setFollowed(r.id);
      setMessage(describe(r));
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : "the re-evaluation could not be asked for");
    }
  }
  return (
    <p>
      <button
        type="button"
        onClick={() => void run()}
        disabled={pending || blocked !== null}
        title={blocked ?? undefined}
        aria-describedby={blocked ? "reeval-blocked" : undefined}
        data-testid="reeval-button"
      >
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
