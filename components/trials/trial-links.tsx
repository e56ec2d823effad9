// Linked trials (parents, children, context refs) as links with their outcome at a glance.
import Link from "next/link";
import { formatScore } from "@/components/runs/format";
import { VisibleText } from "@/components/ui/visible-text";
import { trialHref } from "./trial-format";

export type TrialLink = { id: string; seq: number; status: string; score: number | null; failure: string | null; isBest: boolean };

export function TrialLinks({ links, empty, testId }: { links: TrialLink[]; empty: string; testId: string }) {
  if (links.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="trial-links" data-testid={testId}>
      {links.map((l) => (
        <li key={l.id}>
          <Link href={trialHref(l.id)}>
            #{l.seq} <VisibleText text={l.id} />
          </Link>{" "}
          {l.failure ? (
            <span className={`badge failure-${l.failure}`}>{l.failure}</span>
          ) : l.status !== "evaluated" ? (
            <span className="badge">{l.status}</span>
          ) : (
            <span className="muted">{formatScore(l.score)}</span>
          )}
          {l.isBest && <span className="badge best">new best</span>}
        </li>
      ))}
    </ul>
  );
}
