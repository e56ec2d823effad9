// Checks an edit (a unified diff) before anything is applied: the legality core (lib/domain/
// edit-rules.ts) on the raw text, then the diff parsed and every path it names checked, then the
// task's rules (protected paths, the agent's surface). Pure: touches no file.
import { parsePatch, type StructuredPatch } from "diff";
import { checkPath, refuseByRules, refuseRawEdit, type EditRefusal, type EditRules } from "../domain/edit-rules";

export { checkPath, type EditRefusal, type EditRules } from "../domain/edit-rules";
export type FilePatch = { path: string; create: boolean; remove: boolean; patch: StructuredPatch };
export type CheckedEdit = { ok: true; patches: FilePatch[]; paths: string[] } | ({ ok: false } & EditRefusal);

const refuse = (failure: EditRefusal["failure"], detail: string): CheckedEdit => ({ ok: false, failure, detail });

export function checkEdit(diff: string | undefined, rules: EditRules): CheckedEdit {
  const raw = refuseRawEdit(diff);
  if (raw) return { ok: false, ...raw };
  let parsed: StructuredPatch[];
  try {
    parsed = parsePatch(diff!);
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
  const broken = refuseByRules(paths, rules);
  if (broken) return { ok: false, ...broken };
  return { ok: true, patches, paths };
}
