"use client";
// Which runs are compared lives in the URL (?runs=a,b); ticking a box rewrites it.
import { useRouter } from "next/navigation";
import { VisibleText } from "@/components/ui/visible-text";

type Candidate = { id: string; name: string; kind: string; feedback: string };

export function comparePath(ids: string[], axis: string): string {
  const runs = ids.map(encodeURIComponent).join(",");
  return `/compare?runs=${runs}${axis === "time" ? "&x=time" : ""}`;
}

export function RunPicker({ candidates, selected, axis }: { candidates: Candidate[]; selected: string[]; axis: string }) {
  const router = useRouter();
  const toggle = (id: string, on: boolean) => {
    const next = on ? [...selected, id] : selected.filter((s) => s !== id);
    if (next.length > 0) router.push(comparePath(next, axis));
  };
  return (
    <fieldset className="picker" data-testid="run-picker">
      <legend>Runs of this task</legend>
      <ul className="compare-picker">
        {candidates.map((c) => {
          const on = selected.includes(c.id);
          return (
            <li key={c.id}>
              <label>
                <input type="checkbox" checked={on} disabled={on && selected.length === 1} onChange={(e) => toggle(c.id, e.target.checked)} />{" "}
                <VisibleText text={c.name} /> <span className="muted">({c.kind}, feedback {c.feedback})</span>
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
