// The evaluator-owned (protected) files of a recipe tree, as a path -> content-hash manifest, and
// one hash over them. Recorded per trial by the runner and compared with the task's files now, so
// an evaluator that was swapped or edited between the run and the audit is seen.
import { canonicalJson, sha256Hex } from "../canonical";
import { matchesAny } from "../glob";

/** path -> sha256 of the file's text */
export type FileManifest = Record<string, string>;

export type EvaluatorFiles = { hash: string; files: FileManifest };

export function evaluatorFilesOf(tree: FileManifest, protectedPaths: readonly string[]): EvaluatorFiles {
  const files: FileManifest = {};
  for (const path of Object.keys(tree).sort()) if (matchesAny(path, protectedPaths)) files[path] = tree[path];
  return { hash: sha256Hex(canonicalJson(files)), files };
}

export type FileChange = { path: string; change: "changed" | "added" | "missing" };

/** How the trial's evaluator files differ from the task's: changed, only in the trial (added), only in the task (missing). */
export function evaluatorChanges(trial: FileManifest, task: FileManifest): FileChange[] {
  const out: FileChange[] = [];
  for (const path of [...new Set([...Object.keys(trial), ...Object.keys(task)])].sort()) {
    if (!(path in task)) out.push({ path, change: "added" });
    else if (!(path in trial)) out.push({ path, change: "missing" });
    else if (trial[path] !== task[path]) out.push({ path, change: "changed" });
  }
  return out;
}
