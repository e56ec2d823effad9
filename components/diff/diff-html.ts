// A capped diff as sanitised HTML, line by line or side by side: what the server sends with the
// page, and what the browser draws when the view is switched. Pure (no DOM), so both can run it.
import { html as diffHtml } from "diff2html";
import { sanitizeDiffHtml } from "./sanitize-diff-html";

export type DiffFormat = "side-by-side" | "line-by-line";

export function renderDiffHtml(text: string, format: DiffFormat): string {
  return sanitizeDiffHtml(diffHtml(text, { outputFormat: format, drawFileList: true, matching: "lines", diffStyle: "word" }));
}
