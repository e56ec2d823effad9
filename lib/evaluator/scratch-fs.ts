// A size-capped filesystem for one evaluation's workspace: a tmpfs mounted on the (empty) workspace
// before the code is materialised and unmounted after the result and artifact were read. A recipe
// that writes until the disk is full fills only its own tmpfs (ENOSPC), never the runner's disk.
// Mounting needs root; elsewhere the workspace stays on the ordinary disk and the trial says so.
import { spawnSync } from "node:child_process";
import { readFileSync, statfsSync } from "node:fs";
import { probeIsolation } from "./isolation";

export const DEFAULT_SCRATCH_BYTES = 256 * 1024 * 1024;
/** tmpfs inodes cost kernel memory outside the size cap: bound them too (many empty files) */
const MAX_INODES = 65_536;

/** mounted: the workspace is a capped tmpfs (the sandbox shows it as its only writable folder besides a small private /tmp) */
export type ScratchFs = { mounted: boolean; note: string; sizeBytes: number };

const mib = (b: number) => `${Math.round((b / 1024 / 1024) * 10) / 10} MiB`;

function run(cmd: string, args: string[]): { ok: boolean; err: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 10_000 });
  return { ok: r.status === 0, err: (r.stderr || r.error?.message || "").trim() };
}

export function isMountPoint(dir: string): boolean {
  try {
    return readFileSync("/proc/self/mounts", "utf8")
      .split("\n")
      .some((l) => l.split(" ")[1] === dir);
  } catch {
    return false;
  }
}

/** Mounts the capped tmpfs on `dir` (which must be empty), owned by `uid`, or explains why the workspace is uncapped. */
export function mountScratch(dir: string, sizeBytes: number, uid: number): ScratchFs {
  if (probeIsolation().isolation !== "namespaces") {
    return { mounted: false, sizeBytes, note: "no size-capped scratch filesystem (needs root to mount): only single files are capped" };
  }
  const opts = `size=${sizeBytes},nr_inodes=${MAX_INODES},mode=0700,uid=${uid},gid=${uid},nosuid,nodev`;
  const r = run("mount", ["-t", "tmpfs", "-o", opts, "lineage-scratch", dir]);
  if (!r.ok) return { mounted: false, sizeBytes, note: `no size-capped scratch filesystem (mount failed: ${r.err.slice(0, 200)})` };
  return { mounted: true, sizeBytes, note: `workspace on a tmpfs of ${mib(sizeBytes)}; nothing else of the host is visible` };
}

/** Unmounts (lazily if something still holds it: the sandbox's processes are already killed). */
export function unmountScratch(dir: string): void {
  if (!isMountPoint(dir)) return;
  if (!run("umount", [dir]).ok) run("umount", ["-l", dir]);
}

/** Whether the scratch filesystem ran out of space or inodes (read before it is unmounted). */
export function scratchIsFull(dir: string): boolean {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize < 1024 * 1024 || s.ffree < 16;
  } catch {
    return false;
  }
}

export function describeFull(fs: ScratchFs): string {
  return `disk full: the evaluation filled its scratch space of ${mib(fs.sizeBytes)} (files or inodes); nothing outside the workspace was written`;
}
