// What of a diff the rich (diff2html) view may draw. Rendering is roughly linear in lines and in
// characters per line, and a 40,000-line diff or a single 1 MB line would freeze the tab for seconds
// (RELIABILITY 14), so the rich view gets a prefix of whole lines, each cut to a length, and says
// exactly what it left out; the raw text stays one click away.

export type DiffCapOptions = { maxLines?: number; maxLineChars?: number; maxChars?: number };

export type CappedDiff = {
  /** the text to render: whole lines of the original, long ones cut */
  text: string;
  capped: boolean;
  totalLines: number;
  shownLines: number;
  totalChars: number;
  /** lines shown but cut to maxLineChars */
  cutLines: number;
};

// 500 lines keep the drawn diff under ~18k DOM nodes: the page's HTML carries the drawn diff twice (as
// markup and in React's payload), and at 1,000 lines parsing and laying it out held a 2 MB diff's
// page to about 500 ms; at 500 it draws in about 360 ms (bench P8).
export const DIFF_CAP = { maxLines: 500, maxLineChars: 2_000, maxChars: 400_000 } as const;

/** Counts lines without splitting the whole text (an 8 MB diff must not allocate its lines twice). */
function countLines(text: string): number {
  if (text.length === 0) return 0;
  let n = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return text.endsWith("\n") ? n - 1 : n;
}

export function capDiff(text: string, options: DiffCapOptions = {}): CappedDiff {
  const maxLines = options.maxLines ?? DIFF_CAP.maxLines;
  const maxLineChars = options.maxLineChars ?? DIFF_CAP.maxLineChars;
  const maxChars = options.maxChars ?? DIFF_CAP.maxChars;
  const totalLines = countLines(text);
  const out: string[] = [];
  let chars = 0;
  let cutLines = 0;
  let start = 0;
  while (start < text.length && out.length < maxLines) {
    const nl = text.indexOf("\n", start);
    const end = nl === -1 ? text.length : nl;
    let line = text.slice(start, Math.min(end, start + maxLineChars));
    if (end - start > maxLineChars) {
      // Keep the diff prefix (+, -, space) so the line stays in its hunk; say how much is gone.
      line += ` … [${(end - start - maxLineChars).toLocaleString("en-US")} more characters]`;
      cutLines++;
    }
    if (chars + line.length > maxChars && out.length > 0) break;
    out.push(line);
    chars += line.length + 1;
    start = end + 1;
  }
  const shownLines = out.length;
  return {
    text: out.join("\n") + (shownLines > 0 ? "\n" : ""),
    capped: shownLines < totalLines || cutLines > 0,
    totalLines,
    shownLines,
    totalChars: text.length,
    cutLines,
  };
}
