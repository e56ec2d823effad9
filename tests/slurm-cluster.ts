// The Slurm tests' cluster: the one scripts/test.sh started (SLURM_CONF), or one of the test's own
// started through scripts/slurm/start-cluster.sh when this is root on a machine with Slurm.
// Elsewhere (a user's clone without Slurm) the tests are skipped, except in CI, where they must run.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const SCRIPTS = join(dirname(fileURLToPath(import.meta.url)), "..", "scripts", "slurm");

export interface TestCluster {
  slurmConf: string;
  dir: string;
  /** Stops the cluster if this test started it. */
  stop(): void;
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? "").split(":").some((d) => d && existsSync(join(d, command)));
}

/** CI (and .ci/run) never skips: a missing Slurm there is a failure. */
export const slurmRequired = process.env.CI === "true" || process.env.LINEAGE_REQUIRE_SLURM === "1";
const canStart = process.getuid?.() === 0 && onPath("sbatch") && onPath("slurmctld");
export const slurmAvailable = Boolean(process.env.SLURM_CONF) || canStart;
export const skipSlurm = !slurmAvailable && !slurmRequired;
if (skipSlurm) console.warn("Slurm tests skipped: no SLURM_CONF, and Slurm is not installed or this is not root (apt-get install slurm-wlm munge)");

/** Starts a cluster in a fresh folder (settings: LINEAGE_SLURM_* variables of start-cluster.sh). */
export function startCluster(settings: Record<string, string> = {}): TestCluster {
  if (!canStart) throw new Error("cannot start a Slurm cluster here: needs root and Debian's slurm-wlm and munge (sbatch, slurmctld on PATH)");
  const dir = mkdtempSync(join(tmpdir(), "lineage-slurm-test-"));
  const out = execFileSync("bash", [join(SCRIPTS, "start-cluster.sh"), dir], { env: { ...process.env, ...settings }, encoding: "utf8" });
  const slurmConf = /export SLURM_CONF=(.+)/.exec(out)?.[1]?.trim();
  if (!slurmConf) throw new Error(`start-cluster.sh printed no SLURM_CONF: ${out}`);
  const stop = () => {
    execFileSync("bash", [join(SCRIPTS, "stop-cluster.sh"), dir], { stdio: "ignore" });
    rmSync(dir, { recursive: true, force: true });
  };
  return { slurmConf, dir, stop };
}

/** Kills the cluster's slurmd, as a node that stops answering: its jobs end NODE_FAIL once SlurmdTimeout has passed. */
export function killSlurmd(cluster: TestCluster): void {
  process.kill(Number(readFileSync(join(cluster.dir, "slurmd.pid"), "utf8")), "SIGKILL");
}

/** Starts what is missing of the cluster again (start-cluster.sh on its folder), and waits for its node. */
export function restartCluster(cluster: TestCluster): void {
  execFileSync("bash", [join(SCRIPTS, "start-cluster.sh"), cluster.dir], { stdio: "ignore" });
}

/** The cluster scripts/test.sh started, else one of this test's own. */
export function useCluster(): TestCluster {
  const conf = process.env.SLURM_CONF;
  if (conf) {
    if (!existsSync(conf)) throw new Error(`SLURM_CONF names ${conf}, which does not exist`);
    return { slurmConf: conf, dir: dirname(conf), stop: () => {} };
  }
  return startCluster();
}

/** Whether the cluster confines memory with cgroups (then Slurm itself says OUT_OF_MEMORY). */
export function usesCgroups(cluster: TestCluster): boolean {
  return /^TaskPlugin=task\/cgroup/m.test(readFileSync(cluster.slurmConf, "utf8"));
}
