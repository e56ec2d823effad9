// Removes a folder a recipe may have filled with anything (trees thousands of levels deep, names at
// the length limit): Node's recursive rm works on whole paths and fails past PATH_MAX, coreutils'
// rm walks relative to each folder and does not.
import { rmSync } from "node:fs";
import { spawnSync } from "node:child_process";

export function removeTree(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    spawnSync("rm", ["-rf", "--one-file-system", "--", dir], { stdio: "ignore", timeout: 60_000 });
  }
}
