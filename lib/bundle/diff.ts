// A diff for the static bundle: the unified text line by line, coloured by kind, every line escaped
// by us (no third-party HTML, so nothing of a hostile diff can become markup). Capped as the
// dashboard's rich view is; the whole text is one click away as a file of its own.
import { capDiff } from "../domain/diff-cap";
import { esc } from "./html";

function kindOf(line: string): string {
  if (line.startsWith("diff --git ") || line.startsWith("--- ") || line.startsWith("+++ ") || line.startsWith("index ")) return "file";
  if (line.startsWith("@@")) return "hunk";
  if (line.startsWith("+")) return "add";
  if (line.startsWith("-")) return "del";
  return "ctx";
}

/** The diff as HTML, and whether the whole text must be read from the raw file. */
export function renderDiff(text: string, rawHref: string): string {
  const capped = capDiff(text);
  if (capped.totalLines === 0) return '<p class="muted">No diff recorded.</p>';
  const lines = capped.text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const body = lines.map((l) => `<span class="d-${kindOf(l)}">${esc(l) || " "}</span>`).join(""); // each line a block of its own
  const note = capped.capped
    ? `<p class="notice" role="status">This diff is too large to show whole: the first ${capped.shownLines.toLocaleString("en-US")} of ${capped.totalLines.toLocaleString("en-US")} lines.</p>`
    : "";
  return [
    `<p class="muted">${capped.totalLines.toLocaleString("en-US")} lines · <a href="${esc(rawHref)}">raw diff</a></p>`,
    note,
    `<pre class="diff" data-testid="bundle-diff">${body}</pre>`,
  ].join("\n");
}
