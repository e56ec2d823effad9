"use client";
// Which runs are compared lives in the URL (?runs=a,b); ticking a box rewrites it.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { VisibleText } from "@/components/ui/visible-text";
import { comparePath } from "./compare-path";

type Candidate = { id: string; name: string; kind: string; feedback: string };

export function RunPicker({ candidates, selected, axis }: { candidates: Candidate[]; selected: string[]; axis: string }) {
  const router = useRouter();
  // Ticks show at once; the page (which remounts this picker) follows when the URL has changed.
  const [chosen, setChosen] = useState(selected);
  const toggle = (id: string, on: boolean) => {
    const next = on ? [...chosen, id] : chosen.filter((s) => s !== id);
    if (next.length === 0) return;
    setChosen(next);
    router.push(comparePath(next, axis));
  };
  return (
    <fieldset className="picker" data-testid="run-picker">
      <legend>Runs of this task</legend>
      <ul className="compare-picker">
        {candidates.map((c) => {
          const on = chosen.includes(c.id);
          return (
            <li key={c.id}>
              <label>
                <input type="checkbox" checked={on} disabled={on && chosen.length === 1} onChange={(e) => toggle(c.id, e.target.checked)} />{" "}
                <VisibleText text={c.name} />{" "}
                <span className="muted">
                  ({c.kind}, feedback {c.feedback})
                </span>
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
