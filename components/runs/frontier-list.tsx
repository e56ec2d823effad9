"use client";
// The run's new bests as a list, under the curve. Drawn only once opened: a long run has thousands
// of new bests, and their links (each with its hypothesis) were a third of the run page's HTML and
// of its hydration at 100k trials (bench P6), for a list most visits never open.
import Link from "next/link";
import { useState } from "react";
import { HypothesisText } from "@/components/ui/hypothesis-text";
import type { RunCurve, RunCurveOutline } from "@/lib/domain/api-responses";
import { formatScore } from "./format";

type Point = (RunCurve | RunCurveOutline)["points"][number];

export function FrontierList({ points }: { points: Point[] }) {
  const [open, setOpen] = useState(false);
  const bests = points.filter((p) => p.newBest);
  return (
    <details className="frontier-list" data-testid="frontier-list" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>New bests ({bests.length}, the first is the baseline)</summary>
      {open && (
        <ol>
          {bests.map((p) => (
            <li key={p.id}>
              <Link href={`/trials/${encodeURIComponent(p.id)}`} prefetch={false}>
                #{p.seq}
              </Link>{" "}
              {formatScore(p.score)} — <HypothesisText text={p.hypothesis} />
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
