// The one module family that imports diff2html. The server draws an already-capped diff
// (lib/domain/diff-cap.ts) as sanitised HTML and sends it with the page, so the diff shows with the
// first paint, before any script has run; the browser hydrates only the view's controls.
import "diff2html/bundles/css/diff2html.min.css";
import "./diff-theme.css";
import type { CappedDiff } from "@/lib/domain/diff-cap";
import { renderDiffHtml } from "./diff-html";
import { DiffControls } from "./diff-controls";
import type { RawSource } from "./raw-diff";

export function DiffView({ capped, raw, label }: { capped: CappedDiff; raw: RawSource; label: string }) {
  if (capped.totalLines === 0) return <p className="muted">No diff recorded.</p>;
  return <DiffControls capped={capped} raw={raw} label={label} initialHtml={renderDiffHtml(capped.text, "line-by-line")} />;
}
