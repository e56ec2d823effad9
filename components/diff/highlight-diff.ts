// Syntax colouring of a drawn diff, a slice of lines per task. diff2html's own highlightCode
// colours every line of a file in one go: 1,000 lines held the main thread for about 450 ms (bench
// P8's 2 MB diff), a tab that does not answer meanwhile. This is the same colouring (its helpers,
// highlight.js's slim build), yielding to the page every few milliseconds, and each slice is
// checked by sanitizeTree as the whole view was before.
import { hljs } from "diff2html/lib-esm/ui/js/highlight.js-slim";
import { closeTags, getLanguage, mergeStreams, nodeStream } from "diff2html/lib-esm/ui/js/highlight.js-helpers";
import { sanitizeTree } from "./sanitize-diff-dom";

/** How long one slice may run before the page gets the main thread back. */
const SLICE_MS = 12;

function languageOf(file: Element): string {
  const ext = file.getAttribute("data-lang");
  const name = ext ? getLanguage(ext) : "plaintext";
  return hljs.getLanguage(name) === undefined ? "plaintext" : name;
}

/** Colours one code line in place, keeping diff2html's word-level <ins>/<del> marks. */
function highlightLine(line: Element, language: string): void {
  const text = line.textContent;
  if (text === null) return;
  const result = closeTags(hljs.highlight(text, { language, ignoreIllegals: true }));
  const marks = nodeStream(line);
  if (marks.length) {
    const coloured = document.createElement("div");
    coloured.innerHTML = result.value;
    result.value = mergeStreams(marks, nodeStream(coloured), text);
  }
  line.classList.add("hljs");
  if (result.language) line.classList.add(result.language);
  line.innerHTML = result.value;
  sanitizeTree(line);
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Colours every code line under `root`, slice by slice; stops early once `cancelled()` says so. */
export async function highlightDiff(root: Element, cancelled: () => boolean): Promise<void> {
  for (const file of root.querySelectorAll(".d2h-file-wrapper")) {
    const language = languageOf(file);
    const lines = file.querySelectorAll(".d2h-code-line-ctn");
    let i = 0;
    while (i < lines.length) {
      if (cancelled() || !root.isConnected) return;
      const until = performance.now() + SLICE_MS;
      for (; i < lines.length && performance.now() < until; i++) highlightLine(lines[i], language);
      await nextTask();
    }
  }
}
