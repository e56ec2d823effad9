// "Compare with": a plain GET form, so the comparison lives in the URL (?seq= or ?with=) and a link
// reproduces it. With both trials' code stored it shows the code difference; else their diffs'.
import Link from "next/link";
import { DiffView } from "@/components/diff/diff-view";
import { capDiff } from "@/lib/domain/diff-cap";
import type { TrialComparison } from "@/lib/services/compare-trials";
import type { TrialLink } from "./trial-links";
import { trialHref } from "./trial-format";

type Props = { trialId: string; seq: number; suggestions: TrialLink[]; comparison: TrialComparison | null; error: string | null };

export function TrialCompare({ trialId, seq, suggestions, comparison, error }: Props) {
  const here = trialHref(trialId);
  return (
    <div data-testid="trial-compare">
      <form method="get" action={here} className="inline-form">
        <label>
          Compare with trial # <input type="number" name="seq" min={1} required defaultValue={comparison?.other.seq} aria-describedby="compare-hint" />
        </label>
        <button type="submit">Compare</button>
        {suggestions.length > 0 && (
          <span id="compare-hint" className="muted">
            or with{" "}
            {suggestions.map((s, i) => (
              <span key={s.id}>
                {i > 0 && ", "}
                <Link href={`${here}?seq=${s.seq}`}>#{s.seq}</Link>
              </span>
            ))}
          </span>
        )}
      </form>
      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
      {comparison && (
        <>
          {comparison.basis === "code" ? (
            <p data-testid="compare-basis">
              Trial #{seq}&apos;s code against trial <Link href={trialHref(comparison.other.id)}>#{comparison.other.seq}</Link>&apos;s code, from the stored
              snapshots (<code>-</code> only in #{seq}, <code>+</code> only in #{comparison.other.seq}). <Link href={here}>Clear</Link>
            </p>
          ) : (
            <p data-testid="compare-basis">
              Trial #{seq}&apos;s diff against trial <Link href={trialHref(comparison.other.id)}>#{comparison.other.seq}</Link>&apos;s diff (no stored code to
              compare; lines starting <code>-</code> are only in #{seq}&apos;s, <code>+</code> only in #{comparison.other.seq}&apos;s).{" "}
              <Link href={here}>Clear</Link>
            </p>
          )}
          {comparison.identical ? (
            <p data-testid="compare-identical">{comparison.basis === "code" ? "The two trials ran the same code." : "The two diffs are identical."}</p>
          ) : comparison.timedOut ? (
            <p className="notice">These diffs are too large to compare on the server in reasonable time.</p>
          ) : (
            <DiffView
              capped={capDiff(comparison.patch)}
              label="Comparison"
              raw={{ kind: "request", request: { endpoint: "trialCompareText", params: { id: trialId, with: comparison.other.id } } }}
            />
          )}
        </>
      )}
    </div>
  );
}
