// Unified diffs between two recipes, in git's format (a/ b/ prefixes), one file after another.
import { structuredPatch } from "diff";
import type { Files } from "../evaluator/files";

function hunkHeader(h: { oldStart: number; oldLines: number; newStart: number; newLines: number }): string {
  const range = (start: number, lines: number) => (lines === 0 ? `${Math.max(0, start)},0` : lines === 1 ? `${start}` : `${start},${lines}`);
  return `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`;
}

function fileDiff(path: string, before: string | undefined, after: string | undefined): string {
  const p = structuredPatch(
    before === undefined ? "/dev/null" : `a/${path}`,
    after === undefined ? "/dev/null" : `b/${path}`,
    before ?? "",
    after ?? "",
    "",
    "",
    { context: 3 },
  );
  const head = [`diff --git a/${path} b/${path}`];
  if (before === undefined) head.push("new file mode 100644");
  if (after === undefined) head.push("deleted file mode 100644");
  head.push(`--- ${p.oldFileName}`, `+++ ${p.newFileName}`);
  const body = p.hunks.flatMap((h) => [hunkHeader(h), ...h.lines]);
  return [...head, ...body].join("\n") + "\n";
}

/** The diff that turns `before` into `after`; empty when they hold the same files. */
export function diffRecipes(before: Files, after: Files): string {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  return paths
    .filter((p) => before.get(p) !== after.get(p))
    .map((p) => fileDiff(p, before.get(p), after.get(p)))
    .join("");
}
