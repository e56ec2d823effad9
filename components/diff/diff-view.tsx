"use client";
// The one module that imports diff2html. It draws an already-capped diff (lib/domain/diff-cap.ts)
// after the first paint, side by side or line by line, with a file list and syntax colouring, and
// offers the raw text as the fallback for whatever the cap left out.
import { html as diffHtml } from "diff2html";
import { Diff2HtmlUI } from "diff2html/lib-esm/ui/js/diff2html-ui-slim";
import "diff2html/bundles/css/diff2html.min.css";
import "./diff-theme.css";
import { useEffect, useRef, useState } from "react";
import type { CappedDiff } from "@/lib/domain/diff-cap";
import { RawDiff, type RawSource } from "./raw-diff";
import { sanitizedFragment, sanitizeTree } from "./sanitize-diff-dom";

type Format = "side-by-side" | "line-by-line";

/** Syntax colouring costs a highlight.js pass per line; past this many lines colour is left out. */
const HIGHLIGHT_MAX_LINES = 1_500;

export function DiffView({ capped, raw, label }: { capped: CappedDiff; raw: RawSource; label: string }) {
  const [format, setFormat] = useState<Format>("line-by-line");
  const [showRaw, setShowRaw] = useState(false);
  const [drawn, setDrawn] = useState(false);
  const target = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = target.current;
    if (!el || showRaw) return;
    setDrawn(false);
    const html = diffHtml(capped.text, { outputFormat: format, drawFileList: true, matching: "lines", diffStyle: "word" });
    el.replaceChildren(sanitizedFragment(html));
    if (capped.shownLines <= HIGHLIGHT_MAX_LINES) {
      const ui = new Diff2HtmlUI(el, undefined, { highlight: true, synchronisedScroll: true, outputFormat: format });
      ui.highlightCode();
      if (format === "side-by-side") ui.synchronisedScroll();
      sanitizeTree(el);
    }
    setDrawn(true);
  }, [capped, format, showRaw]);

  if (capped.totalLines === 0) return <p className="muted">No diff recorded.</p>;
  return (
    <div className="diff-view" data-testid="diff-view" aria-label={label}>
      <div className="diff-toolbar" role="toolbar" aria-label={`${label}: view`}>
        <button type="button" aria-pressed={!showRaw && format === "line-by-line"} onClick={() => (setShowRaw(false), setFormat("line-by-line"))}>
          Line by line
        </button>
        <button type="button" aria-pressed={!showRaw && format === "side-by-side"} onClick={() => (setShowRaw(false), setFormat("side-by-side"))}>
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
        <>
          {!drawn && <p className="muted">Drawing the diff…</p>}
          <div ref={target} className="diff-rich" data-testid="diff-rich" />
        </>
      )}
    </div>
  );
}
