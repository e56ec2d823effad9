// Applies a checked edit to a recipe in memory. Nothing touches the disk until the whole edit
// applied, so a half-applied patch never reaches a workspace.
import { applyPatch } from "diff";
import type { FilePatch } from "./edit-check";
import type { Files } from "./files";

export type Applied = { ok: true; files: Files } | { ok: false; failure: "patch_failure"; detail: string };

export function applyEdit(base: Files, patches: FilePatch[], options: { fuzzFactor?: number } = {}): Applied {
  const files: Files = new Map(base);
  for (const { path, create, remove, patch } of patches) {
    const current = files.get(path);
    if (create && current !== undefined) return { ok: false, failure: "patch_failure", detail: `${path} already exists, so it cannot be created` };
    if (!create && current === undefined) return { ok: false, failure: "patch_failure", detail: `${path} does not exist in the parent's code` };
    const result = applyPatch(current ?? "", patch, { fuzzFactor: options.fuzzFactor ?? 0 });
    if (result === false) return { ok: false, failure: "patch_failure", detail: `a hunk of ${path} does not apply to the parent's code` };
    if (remove) files.delete(path);
    else files.set(path, result);
  }
  return { ok: true, files };
}
