// A distinct unprivileged uid for each evaluation running on this machine at once, so that even a
// leaked path or a shared kernel object of one evaluation cannot be written by another (they already
// see nothing of each other: own mount, PID, IPC and network namespaces). Held by lock files, so
// runner processes side by side (the daemon, a CLI run, a re-evaluation) never hand out the same uid.
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";

export const SANDBOX_UID_BASE = 61_000;
export const SANDBOX_UID_COUNT = 64;
export const UID_LOCK_DIR = "/run/lineage-sandbox-uids";

const heldHere = new Set<number>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tryLock(uid: number): boolean {
  const file = join(UID_LOCK_DIR, String(uid));
  try {
    const fd = openSync(file, "wx", 0o600);
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  // Held: by a live process, or left by one that died (then take it over).
  let owner = NaN;
  try {
    owner = Number(readFileSync(file, "utf8"));
  } catch {
    return false;
  }
  if (Number.isInteger(owner) && owner > 0 && (owner === process.pid || alive(owner))) return false;
  try {
    unlinkSync(file);
  } catch {
    return false;
  }
  return tryLock(uid);
}

export type UidLease = { uid: number; release: () => void };

/** A uid no other evaluation on this machine holds; throws when the pool is exhausted. */
export function acquireSandboxUid(): UidLease {
  mkdirSync(UID_LOCK_DIR, { recursive: true, mode: 0o700 });
  for (let uid = SANDBOX_UID_BASE; uid < SANDBOX_UID_BASE + SANDBOX_UID_COUNT; uid++) {
    if (heldHere.has(uid) || !tryLock(uid)) continue;
    heldHere.add(uid);
    let released = false;
    return {
      uid,
      release: () => {
        if (released) return;
        released = true;
        heldHere.delete(uid);
        try {
          unlinkSync(join(UID_LOCK_DIR, String(uid)));
        } catch {
          // already gone
        }
      },
    };
  }
  throw new Error(`all ${SANDBOX_UID_COUNT} sandbox uids are in use: too many evaluations at once on this machine`);
}
