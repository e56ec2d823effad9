// Finding a recipes run on disk: PATH may be the run folder, its blackboard/ or its results.tsv.
import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { LineageError } from "../../domain/errors";

type RecipesLayout = {
  board: string;
  runDir: string;
  name: string;
  results: string;
  tree?: string;
  best?: string;
  knowledge?: string;
  leaderboard?: string;
  snapshots?: string;
};

export function locateRecipes(path: string): RecipesLayout {
  // Real paths from here on: containment checks compare real paths (see safe-path.ts).
  let board = realpathSync(statSync(path).isDirectory() ? path : dirname(path));
  if (existsSync(join(board, "blackboard", "results.tsv"))) board = join(board, "blackboard");
  const results = join(board, "results.tsv");
  if (!existsSync(results))
    throw new LineageError("invalid_input", `no results.tsv in ${board} (give a recipes run folder, its blackboard/ or its results.tsv)`);
  const runDir = basename(board) === "blackboard" ? dirname(board) : board;
  const opt = (p: string) => (existsSync(p) ? p : undefined);
  const snapshots = [join(board, "snapshots"), join(runDir, "snapshots")].find((p) => {
    const st = lstatOrUndefined(p);
    if (st?.isSymbolicLink()) throw new LineageError("invalid_input", `${relative(runDir, p)} is a symbolic link; refused, nothing was imported`);
    return st?.isDirectory() ?? false;
  });
  return {
    board,
    runDir,
    name: basename(runDir),
    results,
    tree: opt(join(board, "tree.tsv")),
    best: opt(join(board, "best.json")),
    knowledge: opt(join(board, "KNOWLEDGE.md")),
    leaderboard: opt(join(board, "LEADERBOARD.md")),
    snapshots,
  };
}

function lstatOrUndefined(p: string) {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

/** Every file under the snapshots folder (they make up the source's digest too); symlinks are never followed. */
export function snapshotFiles(dir: string | undefined): string[] {
  if (!dir) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.isFile()) out.push(join(d, e.name));
    }
  };
  walk(dir);
  return out;
}
