// What `lineage watch` asks of a source it follows: a look at it now. "changed" hands a staged,
// complete copy to import (and an identity that stays the same while the source only grows, so the
// run keeps its id across looks and across restarts of watch).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";

export type FollowStep =
  | { kind: "unchanged" }
  | { kind: "waiting"; why: string }
  | {
      kind: "changed";
      /** a complete copy of the source as it stands, laid out as its importer expects */
      staged: string;
      /** stable while the source only grows: its first rows (or first program, first node) */
      identity: string;
      rows: number;
      /** the source no longer extends what was seen before */
      rewritten?: "truncated" | "replaced";
      remove: () => void;
    };

export type SourceFollower = { next: () => FollowStep };

/** The followed file's bytes, or the wait to report while it cannot be read (not there yet, say). */
export function readFollowed(file: string): Buffer | { kind: "waiting"; why: string } {
  try {
    return readFileSync(file);
  } catch (e) {
    return { kind: "waiting", why: `cannot read ${basename(file)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
}

/** A private copy of the bytes, staged under the source folder's own name (so the import names the
 *  run and task as `lineage import` does), and how to remove it. */
export function stageCopy(file: string, bytes: Uint8Array, folderFallback: string): { staged: string; remove: () => void } {
  const work = mkdtempSync(join(tmpdir(), "lineage-watch-"));
  const staged = join(work, basename(dirname(file)) || folderFallback, basename(file));
  mkdirSync(dirname(staged), { recursive: true });
  writeFileSync(staged, bytes);
  return { staged, remove: () => rmSync(work, { recursive: true, force: true }) };
}
