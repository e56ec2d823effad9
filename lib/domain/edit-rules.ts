// The legality of an edit, before anything is parsed or applied: the raw text (binary patches, mode
// changes, symlinks, renames, NUL, size), every path it names (no escape from the workspace in any
// spelling) and the task's rules (protected paths, the agent's surface), through the one glob
// matcher. Pure; lib/evaluator/edit-check.ts parses the diff and asks these.
import type { FailureLabelName } from "./failures";
import { matchesAny } from "./glob";
import { LIMITS } from "./limits";

export type EditRefusal = { failure: FailureLabelName; detail: string };

export type EditRules = { protectedPaths: readonly string[]; surfacePaths?: readonly string[] };

const refuse = (failure: FailureLabelName, detail: string): EditRefusal => ({ failure, detail });

/** Git extended headers we never apply: each would change more than text inside the workspace. */
const FORBIDDEN_HEADERS: [RegExp, FailureLabelName, string][] = [
  [/^GIT binary patch$/m, "patch_failure", "binary patch"],
  [/^Binary files .* differ$/m, "patch_failure", "binary patch"],
  [/^(?:new file mode|deleted file mode|new mode|old mode) 120000$/m, "illegal_edit", "symlink creation"],
  [/^(?:old mode|new mode) /m, "patch_failure", "file mode change"],
  [/^(?:new file mode|deleted file mode) (?!100644$)\d+$/m, "patch_failure", "file mode other than 100644"],
  [/^(?:rename|copy) (?:from|to) /m, "patch_failure", "rename or copy (send the new file and the removal instead)"],
];

/** A path as the diff names it, without its a/ or b/ prefix, or a reason it is refused. */
export function checkPath(raw: string): { path: string } | { error: string } {
  const name = raw.replace(/\t.*$/, "");
  if (name.includes("\0")) return { error: "a path with a NUL byte" };
  if (/[\u0000-\u001f\u007f]/.test(name)) return { error: `a path with control characters (${JSON.stringify(name)})` };
  const path = name.replace(/^[ab]\//, "");
  if (path.length === 0) return { error: "an empty path" };
  if (path.includes("\\")) return { error: `a path with a backslash (${JSON.stringify(path)})` };
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return { error: `an absolute path (${JSON.stringify(path)})` };
  if (/%[0-9a-fA-F]{2}/.test(path)) return { error: `a percent-encoded path (${JSON.stringify(path)})` };
  if (path.startsWith("~")) return { error: `a home-relative path (${JSON.stringify(path)})` };
  const segments = path.split("/");
  if (segments.some((s) => s === ".." || s === "." || s === "")) return { error: `a path that leaves or re-enters the workspace (${JSON.stringify(path)})` };
  if (segments.some((s) => s === ".git")) return { error: `a path inside .git (${JSON.stringify(path)})` };
  return { path };
}

/** The raw text's refusals, checked before the diff is parsed; undefined when it may be parsed. */
export function refuseRawEdit(diff: string | undefined): EditRefusal | undefined {
  if (diff === undefined || diff.trim() === "") return refuse("patch_failure", "the proposal has no edit (empty diff)");
  if (diff.length > LIMITS.diffChars) return refuse("patch_failure", `the edit is ${diff.length} characters, over the cap of ${LIMITS.diffChars}`);
  if (diff.includes("\0")) return refuse("patch_failure", "the edit holds a NUL byte (binary content)");
  for (const [re, failure, what] of FORBIDDEN_HEADERS) if (re.test(diff)) return refuse(failure, `the edit holds a ${what}; refused before applying`);
  for (const m of diff.matchAll(/^diff --git (\S+) (\S+)$/gm)) {
    for (const p of [m[1], m[2]]) {
      const c = checkPath(p);
      if ("error" in c) return refuse("illegal_edit", `the edit names ${c.error}; refused before applying`);
    }
  }
  return undefined;
}

/** The task's rules over the paths an edit touches: none protected, all within the agent's surface. */
export function refuseByRules(paths: readonly string[], rules: EditRules): EditRefusal | undefined {
  const guarded = paths.find((p) => matchesAny(p, rules.protectedPaths));
  if (guarded) return refuse("illegal_edit", `the edit touches the protected path ${guarded}`);
  if (rules.surfacePaths) {
    const outside = paths.find((p) => !matchesAny(p, rules.surfacePaths!));
    if (outside) return refuse("illegal_edit", `the edit touches ${outside}, outside the agent's surface (${rules.surfacePaths.join(", ")})`);
  }
  return undefined;
}
