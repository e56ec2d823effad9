"use client";
// A trial's hypothesis where it is shown beside a score: null while it is still on its way (the run
// page draws its curve before the hypotheses come), "" when the trial gave none.
import { VisibleText } from "./visible-text";

export function HypothesisText({ text }: { text: string | null }) {
  if (text === null) return <span className="muted">loading the hypothesis…</span>;
  return <VisibleText text={text || "(no hypothesis)"} />;
}
