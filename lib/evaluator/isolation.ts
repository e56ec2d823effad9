// What the machine lets the sandbox use, probed once per process. As root with util-linux we get
// PID (every process of the evaluator dies with it, setsid or not), network (no network at all),
// IPC, UTS and mount namespaces (a root of its own: see sandbox.ts), a non-root uid of its own (so
// rlimits on processes hold) and parent-death signals.
// Elsewhere we fall back to a process group with rlimits, and say so in each trial's record.
import { spawnSync } from "node:child_process";

export type Isolation = "namespaces" | "process-group";
const PROBE_UID = 65534; // nobody: only to check that setpriv can drop to a uid

let probed: { isolation: Isolation; note: string } | undefined;

export function probeIsolation(): { isolation: Isolation; note: string } {
  if (probed) return probed;
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  const ok = (cmd: string, args: string[]) => {
    try {
      return spawnSync(cmd, args, { stdio: "ignore", timeout: 5000 }).status === 0;
    } catch {
      return false;
    }
  };
  if (
    root &&
    ok("unshare", [
      "--pid",
      "--fork",
      "--kill-child",
      "--net",
      "--ipc",
      "--uts",
      "--mount",
      "--propagation",
      "private",
      "sh",
      "-c",
      "mount -t proc proc /proc",
    ]) &&
    ["/usr/sbin/pivot_root", "/sbin/pivot_root", "/usr/bin/pivot_root"].some((p) => ok(p, ["--version"])) &&
    ok("setpriv", ["--reuid", String(PROBE_UID), "--regid", String(PROBE_UID), "--clear-groups", "true"]) &&
    ok("prlimit", ["--nofile=64", "true"])
  ) {
    probed = { isolation: "namespaces", note: "own root, /proc, PID, network, IPC and UTS namespaces, a uid of its own, rlimits" };
  } else {
    probed = {
      isolation: "process-group",
      note: root
        ? "unshare/setpriv/prlimit unavailable: process group only (a setsid child could outlive the evaluator)"
        : "not root: process group and rlimits only (no PID or network namespace; a setsid child could outlive the evaluator)",
    };
  }
  return probed;
}

export function hasPrlimit(): boolean {
  return spawnSync("prlimit", ["--nofile=64", "true"], { stdio: "ignore" }).status === 0;
}
