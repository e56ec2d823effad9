// What the machine lets the sandbox use, probed once per process. As root with util-linux we get
// a PID namespace (every process of the evaluator dies with it, setsid or not), a network namespace
// (no network at all), a non-root uid (so rlimits on processes hold) and parent-death signals.
// Elsewhere we fall back to a process group with rlimits, and say so in each trial's record.
import { spawnSync } from "node:child_process";

export type Isolation = "namespaces" | "process-group";
export const SANDBOX_UID = 65534; // nobody

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
  if (root && ok("unshare", ["--pid", "--fork", "--kill-child", "--net", "true"]) && ok("setpriv", ["--reuid", String(SANDBOX_UID), "--regid", String(SANDBOX_UID), "--clear-groups", "true"]) && ok("prlimit", ["--nofile=64", "true"])) {
    probed = { isolation: "namespaces", note: "PID and network namespaces, uid nobody, rlimits" };
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
