// Unified diffs (git format) between two versions of code: a file's text, or two snapshot folders.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { createTwoFilesPatch } from "diff";

/** Files larger than this, or holding a NUL byte, are noted as changed rather than diffed. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

const MAX_EDIT_LENGTH = 200;

/** A linear-time lower bound on the edit length: lines of either text missing from the other. */
function farApart(a: string, b: string): boolean {
  const la = a.split("\n");
  const lb = b.split("\n");
  const inA = new Set(la);
  const inB = new Set(lb);
  let missing = 0;
  for (const l of lb) if (!inA.has(l) && ++missing > MAX_EDIT_LENGTH) return true;
  for (const l of la) if (!inB.has(l) && ++missing > MAX_EDIT_LENGTH) return true;
  return false;
}

function wholeFilePatch(from: string, to: string, oldText: string, newText: string): string {
  const lines = (t: string) => (t === "" ? [] : t.replace(/\n$/, "").split("\n"));
  const a = lines(oldText);
  const b = lines(newText);
  const noEol = (t: string) => (t !== "" && !t.endsWith("\n") ? ["\\ No newline at end of file"] : []);
  const hunk = [`@@ -${a.length ? 1 : 0},${a.length} +${b.length ? 1 : 0},${b.length} @@`, ...a.map((l) => "-" + l), ...noEol(oldText), ...b.map((l) => "+" + l), ...noEol(newText)];
  return `banner\n--- ${from}\n+++ ${to}\n${hunk.join("\n")}\n`;
}

/** The diff of one file; "" when nothing changed. `oldText` null means the file is new. */
export function diffText(path: string, oldText: string | null, newText: string | null): string {
  if (oldText === newText) return "";
  const from = oldText === null ? "/dev/null" : `a/${path}`;
  const to = newText === null ? "/dev/null" : `b/${path}`;
  // Myers' diff costs O(N·D): past a bound on the edit length, the file is shown replaced whole.
  const patch =
    (farApart(oldText ?? "", newText ?? "") ? undefined : createTwoFilesPatch(from, to, oldText ?? "", newText ?? "", undefined, undefined, { context: 3, maxEditLength: MAX_EDIT_LENGTH })) ??
    wholeFilePatch(from, to, oldText ?? "", newText ?? "");
  const body = patch.slice(patch.indexOf("\n") + 1); // drop jsdiff's "=====" banner
  if (!body.includes("\n@@")) return "";
  const mode = oldText === null ? "new file mode 100644\n" : newText === null ? "deleted file mode 100644\n" : "";
  return `diff --git a/${path} b/${path}\n${mode}${body}`;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      // Symlinks are never followed: a snapshot must not lead the importer out of its folder.
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

function readCode(path: string): string | { unreadable: string } {
  const size = statSync(path).size;
  if (size > MAX_FILE_BYTES) return { unreadable: `over ${MAX_FILE_BYTES} bytes` };
  const bytes = readFileSync(path);
  if (bytes.includes(0)) return { unreadable: "binary" };
  return bytes.toString("utf8");
}

/** The diff turning folder `a` (null: nothing) into folder `b`. */
export function diffDirs(a: string | null, b: string): string {
  const before = new Set(a ? listFiles(a) : []);
  const after = listFiles(b);
  const parts: string[] = [];
  for (const f of [...new Set([...before, ...after])].sort()) {
    const old = before.has(f) ? readCode(join(a!, f)) : null;
    const now = after.includes(f) ? readCode(join(b, f)) : null;
    if ((old && typeof old === "object") || (now && typeof now === "object")) {
      parts.push(`diff --git a/${f} b/${f}\nBinary files differ\n`);
      continue;
    }
    parts.push(diffText(f, old as string | null, now as string | null));
  }
  return parts.join("");
}
