// How a `command:` agent is started: with a minimal environment of its own (never the runner's
// tokens, keys or database path) and with its life tied to the runner's. The agent is an external
// program the operator named; it is not sandboxed like an evaluator, but it must not outlive the
// runner (a SIGKILLed runner used to leave it running as a root orphan) nor read its secrets.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";

/**
 * How the agent's life is bound to the runner's, strongest first:
 * - "pid-namespace": a death signal kills its PID 1 when the runner dies, and with PID 1 the kernel
 *   kills every process of its own PID namespace, even ones that left its process group (setsid).
 *   A user namespace (uid mapped to itself) makes this possible without root.
 * - "death-signal": no namespace; a death signal reaches a supervising shell, which kills the agent's
 *   process group. A child that leaves the group (setsid) survives the runner.
 * - "process-group": no setpriv; the wall-clock limit and a stop kill the group, but a SIGKILLed
 *   runner leaves the agent running.
 */
export type AgentContainment = "pid-namespace" | "death-signal" | "process-group";

type Launch = { containment: AgentContainment; note: string; argv: (command: string) => string[] };

const BIN_DIRS = ["/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin"];
const which = (name: string) => BIN_DIRS.map((d) => join(d, name)).find((p) => existsSync(p));

// The supervisor (death-signal mode): on the runner's death it gets SIGTERM and kills its whole
// process group, the agent with it; otherwise it exits with the agent's status.
const SUPERVISOR = `trap 'kill -KILL 0' TERM; sh -c "$1" & wait $!`;

let chosen: Launch | undefined;

/** Probes once which containment works here (as root, as another user) and keeps the answer. */
export function agentLaunch(): Launch {
  if (chosen) return chosen;
  const setpriv = which("setpriv");
  const unshare = which("unshare");
  const candidates: Launch[] = [];
  if (setpriv && unshare) {
    const ns = process.getuid?.() === 0 ? ["--pid"] : ["--user", "--map-current-user", "--pid"];
    candidates.push({
      containment: "pid-namespace",
      note: `own PID namespace${process.getuid?.() === 0 ? "" : " (in a user namespace)"}, killed with the runner`,
      argv: (cmd) => [setpriv, "--pdeathsig", "KILL", "--", unshare, ...ns, "--fork", "--kill-child", "--", "sh", "-c", cmd],
    });
  }
  if (setpriv) {
    candidates.push({
      containment: "death-signal",
      note: "no PID namespace here: its process group is killed with the runner, but a child that calls setsid may outlive it",
      argv: (cmd) => [setpriv, "--pdeathsig", "TERM", "--", "sh", "-c", SUPERVISOR, "lineage-agent", cmd],
    });
  }
  const fallback: Launch = {
    containment: "process-group",
    note: "no setpriv here: killed at its time limit or a stop, but it outlives a runner that is SIGKILLed",
    argv: (cmd) => ["sh", "-c", cmd],
  };
  chosen = candidates.find((c) => spawnSync(c.argv("exit 0")[0], c.argv("exit 0").slice(1), { stdio: "ignore", timeout: 10_000 }).status === 0) ?? fallback;
  return chosen;
}

/**
 * The agent's whole environment: a PATH, a HOME and TMPDIR of its own inside the trial's scratch
 * folder, a locale, and the LINEAGE_* values it is given. Nothing of the runner's environment.
 */
export function agentEnv(scratchDir: string, lineage: Record<string, string>): Record<string, string> {
  const home = join(scratchDir, "agent-home");
  const tmp = join(home, "tmp");
  mkdirSync(tmp, { recursive: true });
  return { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: home, TMPDIR: tmp, LANG: "C.UTF-8", ...lineage };
}
