// Real small filesystems for disk-full and read-only cases. Mounting needs root (as in CI here);
// where it is not allowed, the tests that need it say so and skip.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";

export function tryMountTmpfs(dir: string, options: string): boolean {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export function unmount(dir: string): void {
  try {
    execFileSync("umount", ["-l", dir], { stdio: "ignore" });
  } catch {
    // already gone
  }
}
