"use client";
// The diff view's interactive part: line by line / side by side / raw. The first view arrives as
// HTML from the server (diff-view.tsx); switching draws the other one here, with diff2html loaded
// only then, and syntax colouring is added after the first paint, a slice at a time (highlight-diff.ts).
import { useEffect, useRef, useState } from "react";
import type { CappedDiff } from "@/lib/domain/diff-cap";
import type { DiffFormat } from "./diff-html";
import { RawDiff, type RawSource } from "./raw-diff";
import { syncSideBySideScroll } from "./sync-scroll";

type Props = { capped: CappedDiff; raw: RawSource; label: string; initialHtml: string };

export function DiffControls({ capped, raw, label, initialHtml }: Props) {
  const [format, setFormat] = useState<DiffFormat>("line-by-line");
  const [drawn, setDrawn] = useState<{ format: DiffFormat; html: string }>({ format: "line-by-line", html: initialHtml });
  const [showRaw, setShowRaw] = useState(false);
  const target = useRef<HTMLDivElement>(null);

  // Another view asked for: drawn here (diff2html's renderer is loaded on the first switch).
  useEffect(() => {
    if (format === drawn.format) return;
    let cancelled = false;
    void import("./diff-html").then(({ renderDiffHtml }) => {
      if (!cancelled) setDrawn({ format, html: renderDiffHtml(capped.text, format) });
    });
    return () => {
      cancelled = true;
    };
  }, [capped, format, drawn.format]);

  // Colour once the view is on screen: highlight.js is loaded only now, off the first paint. Every
  // drawn line is coloured (at most DIFF_CAP's 500), a slice per task, so the tab keeps answering.
  useEffect(() => {
    const el = target.current;
    if (!el || showRaw) return;
    let cancelled = false;
    void import("./highlight-diff").then(({ highlightDiff }) => highlightDiff(el, () => cancelled));
    return () => {
      cancelled = true;
    };
  }, [drawn, showRaw]);

  // Side by side: the two halves of each file scroll together.
  useEffect(() => {
    const el = target.current;
    if (!el || showRaw || drawn.format !== "side-by-side") return;
    return syncSideBySideScroll(el);
  }, [drawn, showRaw]);

  const pick = (f: DiffFormat) => (setShowRaw(false), setFormat(f));
  return (
    <div className="diff-view" data-testid="diff-view" aria-label={label}>
      <div className="diff-toolbar" role="toolbar" aria-label={`${label}: view`}>
        <button type="button" aria-pressed={!showRaw && format === "line-by-line"} onClick={() => pick("line-by-line")}>
          Line by line
        </button>
        <button type="button" aria-pressed={!showRaw && format === "side-by-side"} onClick={() => pick("side-by-side")}>
          Side by side
        </button>
        <button type="button" aria-pressed={showRaw} onClick={() => setShowRaw(true)}>
          Show raw
        </button>
        <span className="muted">
          {capped.totalLines.toLocaleString("en-US")} lines, {capped.totalChars.toLocaleString("en-US")} characters
        </span>
      </div>
      {capped.capped && !showRaw && (
        <p className="notice" data-testid="diff-capped" role="status">
          This diff is too large to draw whole: showing the first {capped.shownLines.toLocaleString("en-US")} of {capped.totalLines.toLocaleString("en-US")}{" "}
          lines
          {capped.cutLines > 0 && `, ${capped.cutLines.toLocaleString("en-US")} very long line${capped.cutLines > 1 ? "s" : ""} cut`}.{" "}
          <button type="button" className="link-button" onClick={() => setShowRaw(true)}>
            Show the raw diff
          </button>
        </p>
      )}
      {showRaw ? (
        <RawDiff source={raw} />
      ) : (
        // Sanitised by sanitizeDiffHtml (server or here): only diff2html's own elements and attributes, all escaped anew.
        <div ref={target} className="diff-rich" data-testid="diff-rich" data-format={drawn.format} dangerouslySetInnerHTML={{ __html: drawn.html }} />
      )}
    </div>
  );
}
