// Unified diffs (git format) between two snapshot folders, through the one diff generator
// (lib/domain/unified-diff.ts); walking the folders is this module's part.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { diffText as diffOne } from "../domain/unified-diff";

/** Files larger than this, or holding a NUL byte, are noted as changed rather than diffed. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** The diff of one file (lib/domain/unified-diff.ts); "" when nothing changed. `oldText` null means the file is new. */
export const diffText = (path: string, oldText: string | null, newText: string | null): string => diffOne(path, oldText ?? undefined, newText ?? undefined);

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
