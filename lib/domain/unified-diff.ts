// The one diff generator: two versions of a file (or two trees of files) into a git-style unified
// diff (a/ b/ prefixes, 3 lines of context, "new file mode" / "deleted file mode" for added and
// removed files). One policy for large diffs: Myers' diff costs O(N·D), so past MAX_EDIT_LINES
// changed lines (checked first by a linear lower bound) the file is shown replaced whole. The
// result is always a correct diff that applies; it is only less minimal. Nothing here reads a disk.

/** Changed lines past which a file's diff is its whole replacement. */
export const MAX_EDIT_LINES = 1000;
const CONTEXT = 3;

type Op = { kind: " " | "-" | "+"; line: string };

/** Lines with their "\n"; the last one has none when the text does not end with a newline. */
function splitLines(text: string): string[] {
  if (text === "") return [];
  const parts = text.split("\n");
  const out = parts.slice(0, -1).map((l) => l + "\n");
  if (parts[parts.length - 1] !== "") out.push(parts[parts.length - 1]);
  return out;
}

/** A linear-time lower bound on the edit length: lines of either side missing from the other. */
function farApart(a: string[], b: string[], bound: number): boolean {
  const inA = new Set(a);
  const inB = new Set(b);
  let missing = 0;
  for (const l of b) if (!inA.has(l) && ++missing > bound) return true;
  for (const l of a) if (!inB.has(l) && ++missing > bound) return true;
  return false;
}

/** Myers' shortest edit script between a and b, or undefined past `maxD` edits. */
function myers(a: string[], b: string[], maxD: number): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  const offset = maxD + 1;
  const v = new Int32Array(2 * maxD + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= maxD; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) (x++, y++);
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, trace, v, d, offset);
    }
  }
  return undefined;
}

function backtrack(a: string[], b: string[], trace: Int32Array[], last: Int32Array, dEnd: number, offset: number): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = dEnd; d > 0; d--) {
    const v = trace[d]; // the state before step d
    const k = x - y;
    const down = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]);
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX + (down ? 0 : 1) && y > prevY + (down ? 1 : 0)) (ops.push({ kind: " ", line: a[--x] }), y--);
    if (down) ops.push({ kind: "+", line: b[--y] });
    else ops.push({ kind: "-", line: a[--x] });
  }
  while (x > 0 && y > 0) (ops.push({ kind: " ", line: a[--x] }), y--);
  void last;
  return ops.reverse();
}

function render(op: Op): string[] {
  const text = op.kind + op.line.replace(/\n$/, "");
  return op.line.endsWith("\n") ? [text] : [text, "\\ No newline at end of file"];
}

const range = (start: number, lines: number) => (lines === 0 ? `${start},0` : lines === 1 ? `${start + 1}` : `${start + 1},${lines}`);

/** Groups an edit script into hunks with CONTEXT lines around each change. */
function hunks(ops: Op[]): string[] {
  const out: string[] = [];
  let i = 0;
  let oldLine = 0;
  let newLine = 0;
  const advance = (op: Op) => {
    if (op.kind !== "+") oldLine++;
    if (op.kind !== "-") newLine++;
  };
  while (i < ops.length) {
    if (ops[i].kind === " ") {
      advance(ops[i++]);
      continue;
    }
    // a change at i: the hunk starts CONTEXT lines before it and runs until CONTEXT*2 unchanged lines follow
    const start = Math.max(0, i - CONTEXT);
    let oldStart = oldLine;
    let newStart = newLine;
    for (let j = start; j < i; j++) (oldStart--, newStart--);
    let end = i;
    for (let quiet = 0; end < ops.length; end++) {
      quiet = ops[end].kind === " " ? quiet + 1 : 0;
      if (quiet > CONTEXT * 2) break;
    }
    // trailing context: at most CONTEXT unchanged lines after the last change
    let lastChange = end - 1;
    while (ops[lastChange].kind === " ") lastChange--;
    const stop = Math.min(ops.length, lastChange + 1 + CONTEXT);
    const body = ops.slice(start, stop);
    const oldCount = body.filter((o) => o.kind !== "+").length;
    const newCount = body.filter((o) => o.kind !== "-").length;
    out.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`, ...body.flatMap(render));
    for (let j = i; j < stop; j++) advance(ops[j]);
    i = stop;
  }
  return out;
}

/** The edit script of two texts: Myers within MAX_EDIT_LINES, else the whole file replaced. */
function editScript(before: string, after: string): Op[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const whole = (): Op[] => [...midA.map((line): Op => ({ kind: "-", line })), ...midB.map((line): Op => ({ kind: "+", line }))];
  const mid = farApart(midA, midB, MAX_EDIT_LINES) ? whole() : (myers(midA, midB, MAX_EDIT_LINES) ?? whole());
  return [...a.slice(0, head).map((line): Op => ({ kind: " ", line })), ...mid, ...a.slice(a.length - tail).map((line): Op => ({ kind: " ", line }))];
}

/** The diff of one file; "" when nothing changed. `before` undefined: the file is new; `after` undefined: removed. */
export function diffText(path: string, before: string | undefined, after: string | undefined): string {
  if (before === after) return "";
  const body = hunks(editScript(before ?? "", after ?? ""));
  const head = [`diff --git a/${path} b/${path}`];
  if (before === undefined) head.push("new file mode 100644");
  if (after === undefined) head.push("deleted file mode 100644");
  head.push(`--- ${before === undefined ? "/dev/null" : `a/${path}`}`, `+++ ${after === undefined ? "/dev/null" : `b/${path}`}`);
  return [...head, ...body].join("\n") + "\n";
}

/** The diff turning tree `before` into tree `after` (path → text), file after file in path order. */
export function diffTrees(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  return paths.map((p) => diffText(p, before.get(p), after.get(p))).join("");
}
