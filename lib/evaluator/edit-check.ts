// Checks an edit (a unified diff) before anything is applied: the raw text first (binary patches,
// mode changes, symlinks, NUL), then every path (no escape from the workspace in any spelling),
// then the task's rules (protected paths, the agent's surface). Pure: touches no file.
import { parsePatch, type StructuredPatch } from "diff";
import type { FailureLabelName } from "../domain/failures";
import { LIMITS } from "../domain/limits";
import { matchesAny } from "../domain/glob";

export type EditRefusal = { failure: FailureLabelName; detail: string };
export type FilePatch = { path: string; create: boolean; remove: boolean; patch: StructuredPatch };
export type CheckedEdit = { ok: true; patches: FilePatch[]; paths: string[] } | ({ ok: false } & EditRefusal);

export type EditRules = { protectedPaths: readonly string[]; surfacePaths?: readonly string[] };

const refuse = (failure: FailureLabelName, detail: string): CheckedEdit => ({ ok: false, failure, detail });

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

export function checkEdit(diff: string | undefined, rules: EditRules): CheckedEdit {
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
  let parsed: StructuredPatch[];
  try {
    parsed = parsePatch(diff);
  } catch (e) {
    return refuse("patch_failure", `the edit is not a unified diff: ${(e as Error).message}`);
  }
  const patches: FilePatch[] = [];
  for (const p of parsed) {
    if (p.hunks.length === 0 && !p.oldFileName && !p.newFileName) continue;
    const create = p.oldFileName === "/dev/null";
    const remove = p.newFileName === "/dev/null";
    const names = [create ? undefined : p.oldFileName, remove ? undefined : p.newFileName].filter((n): n is string => n !== undefined);
    if (names.length === 0) return refuse("patch_failure", "a file patch with neither an old nor a new path");
    const checked = names.map(checkPath);
    const bad = checked.find((c) => "error" in c);
    if (bad && "error" in bad) return refuse("illegal_edit", `the edit names ${bad.error}; refused before applying`);
    const paths = checked.map((c) => (c as { path: string }).path);
    if (paths.length === 2 && paths[0] !== paths[1]) return refuse("patch_failure", `a file patch from ${paths[0]} to ${paths[1]} (renames are not applied)`);
    if (p.hunks.length === 0) return refuse("patch_failure", `the patch of ${paths[0]} has no hunks`);
    patches.push({ path: paths[0], create, remove, patch: p });
  }
  if (patches.length === 0) return refuse("patch_failure", "the edit holds no file patches (not a unified diff?)");
  const paths = [...new Set(patches.map((p) => p.path))];
  const guarded = paths.find((p) => matchesAny(p, rules.protectedPaths));
  if (guarded) return refuse("illegal_edit", `the edit touches the protected path ${guarded}`);
  if (rules.surfacePaths) {
    const outside = paths.find((p) => !matchesAny(p, rules.surfacePaths!));
    if (outside) return refuse("illegal_edit", `the edit touches ${outside}, outside the agent's surface (${rules.surfacePaths.join(", ")})`);
  }
  return { ok: true, patches, paths };
}
