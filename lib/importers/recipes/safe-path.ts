// Snapshot folders are read only inside the source folder: a path from the file (an exp_id such
// as "../../run-private", a snapshot_path) must stay under it once resolved, and no symlink is
// followed on the way or inside (issue 10 §2). A refusal names the row; nothing is imported.
import { lstatSync, readdirSync, realpathSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { LineageError } from "../../domain/errors";

const refuse = (where: string, what: string) => new LineageError("invalid_input", `${where}: ${what}; refused, nothing was imported`, { where });

const lstatOrUndefined = (p: string) => {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
};

/** True when `child` is `root` itself or lies beneath it (a separator after the root, not a prefix). */
function isInside(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel) && !rel.startsWith(sep));
}

/**
 * The existing folder `rel` names under `root`, or undefined when there is none. Throws, naming
 * `where`, when `rel` leaves `root`, when a component on the way is a symlink, or when the folder
 * holds a symlink.
 */
export function safeFolder(root: string, rel: string, where: string, shownFrom = root): string | undefined {
  const target = resolve(root, rel);
  const outside = `${JSON.stringify(rel)} leads outside the ${root === shownFrom ? "source" : "snapshots"} folder`;
  if (!isInside(root, target)) throw refuse(where, outside);
  let at = root;
  for (const part of relative(root, target).split(sep).filter(Boolean)) {
    at = join(at, part);
    const st = lstatOrUndefined(at);
    if (!st) return undefined;
    if (st.isSymbolicLink()) throw refuse(where, `${JSON.stringify(relative(shownFrom, at))} is a symbolic link`);
  }
  const st = lstatOrUndefined(target);
  if (!st?.isDirectory()) return undefined;
  // Belt and braces: the real path must stay inside the real folder too.
  if (!isInside(realpathSync(root), realpathSync(target))) throw refuse(where, outside);
  refuseLinksWithin(shownFrom, target, where);
  return target;
}

function refuseLinksWithin(shownFrom: string, dir: string, where: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isSymbolicLink()) throw refuse(where, `${JSON.stringify(relative(shownFrom, p))} is a symbolic link`);
    if (e.isDirectory()) refuseLinksWithin(shownFrom, p, where);
  }
}
