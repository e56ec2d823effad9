// The artifact's size, measured by the harness in the workspace the recipe left behind. The recipe
// controls that tree, so the walk is iterative and bounded: depth, entries and path length have
// limits, symlinks are never followed, and sockets, fifos and devices count as nothing. A tree past
// a limit is the recipe's failure (size_failure with the reason), never the harness's.
import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { matchesAny } from "../domain/glob";

export const ARTIFACT_LIMITS = { depth: 64, entries: 200_000, pathChars: 3_000 };

export type ArtifactSize = { ok: true; bytes: number } | { ok: false; detail: string };

export function measureArtifact(root: string, globs: readonly string[]): ArtifactSize {
  let bytes = 0;
  let entries = 0;
  const stack: { rel: string; depth: number }[] = [{ rel: "", depth: 0 }];
  while (stack.length > 0) {
    const { rel, depth } = stack.pop()!;
    let names: string[];
    try {
      names = readdirSync(rel ? join(root, rel) : root);
    } catch (e) {
      return {
        ok: false,
        detail: `the workspace folder ${JSON.stringify(rel.slice(0, 200))} could not be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      };
    }
    for (const name of names) {
      if (++entries > ARTIFACT_LIMITS.entries)
        return { ok: false, detail: `the workspace holds more than ${ARTIFACT_LIMITS.entries} files and folders; the artifact cannot be measured` };
      const path = rel ? `${rel}/${name}` : name;
      if (path.length > ARTIFACT_LIMITS.pathChars)
        return {
          ok: false,
          detail: `the workspace holds a path longer than ${ARTIFACT_LIMITS.pathChars} characters (${JSON.stringify(path.slice(0, 80))}…); the artifact cannot be measured`,
        };
      const st = lstatSync(join(root, path), { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) {
        if (depth + 1 > ARTIFACT_LIMITS.depth)
          return {
            ok: false,
            detail: `the workspace holds folders nested deeper than ${ARTIFACT_LIMITS.depth} levels (${JSON.stringify(path.slice(0, 80))}…); the artifact cannot be measured`,
          };
        stack.push({ rel: path, depth: depth + 1 });
      } else if (st.isFile() && matchesAny(path, globs)) bytes += st.size;
    }
  }
  return { ok: true, bytes };
}
