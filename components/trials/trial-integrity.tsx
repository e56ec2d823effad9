// The trial's link in its run's hash chain, checked on this page load.
import Link from "next/link";
import type { TrialChainStatus } from "@/lib/services/trial-chain-status";
import { trialHref } from "./trial-format";

const SAYS: Record<TrialChainStatus["state"], { text: string; tone: string }> = {
  intact: { text: "Intact: this record hashes to its stored hash and links to the previous evaluated trial.", tone: "good" },
  hash_mismatch: { text: "Broken: this record no longer hashes to its stored hash; it was changed after it was recorded.", tone: "bad" },
  prev_hash_mismatch: { text: "Broken: its previous-hash does not match the previous evaluated trial's hash.", tone: "bad" },
  unsealed: { text: "Not in the chain yet: only evaluated trials are sealed.", tone: "muted" },
};

export function TrialIntegrity({ chain, runId }: { chain: TrialChainStatus; runId: string }) {
  const says = SAYS[chain.state];
  return (
    <div data-testid="trial-chain">
      <p className={says.tone} data-state={chain.state}>
        {says.text}
      </p>
      <dl className="facts hashes">
        <dt>Hash</dt>
        <dd>
          <code>{chain.hash ?? "—"}</code>
        </dd>
        <dt>Previous hash</dt>
        <dd>
          <code>{chain.prevHash ?? "—"}</code>
          {chain.previousTrialId && (
            <>
              {" "}
              (<Link href={trialHref(chain.previousTrialId)}>previous evaluated trial</Link>)
            </>
          )}
        </dd>
        {chain.recomputedHash && chain.recomputedHash !== chain.hash && (
          <>
            <dt>Recomputed</dt>
            <dd>
              <code>{chain.recomputedHash}</code>
            </dd>
          </>
        )}
      </dl>
      <p>
        <a href={`/api/runs/${encodeURIComponent(runId)}/verify`}>Verify the whole run&apos;s chain</a>
      </p>
    </div>
  );
}
