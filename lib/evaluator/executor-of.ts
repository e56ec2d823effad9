// The executor a run's stored spec names: the local sandbox, or a Slurm executor with the run's
// sbatch settings (one per distinct setting in this process, so a runner drives local and Slurm
// runs side by side). The shared folder and the cluster come from the environment (lib/env.ts).
import { env } from "../env";
import { memBytes, type ExecutorSpec } from "../domain/run-spec";
import type { Executor } from "./executor";
import { localExecutor } from "./local-executor";
import { SlurmExecutor } from "./slurm/slurm-executor";

const slurmExecutors = new Map<string, SlurmExecutor>();

/** Environment for Slurm's commands: the search path and the cluster's slurm.conf, nothing else of ours. */
export function slurmCommandEnv(): NodeJS.ProcessEnv {
  const e = env();
  return { PATH: e.PATH, ...(e.SLURM_CONF ? { SLURM_CONF: e.SLURM_CONF } : {}) } as unknown as NodeJS.ProcessEnv;
}

/** The executor of a run's spec; `local` (or no spec) is `localOverride` when given (tests), else the local sandbox. */
export function executorOf(spec: ExecutorSpec | undefined, localOverride?: Executor): Executor {
  if (!spec || spec.kind === "local") return localOverride ?? localExecutor;
  const key = JSON.stringify([spec.partition, spec.account, spec.qos, spec.gres, spec.cpus, spec.mem, spec.maxPendingSeconds]);
  let executor = slurmExecutors.get(key);
  if (!executor) {
    executor = new SlurmExecutor({
      env: slurmCommandEnv(),
      sharedDir: env().LINEAGE_SHARED_DIR,
      partition: spec.partition,
      account: spec.account,
      qos: spec.qos,
      gres: spec.gres,
      cpus: spec.cpus,
      memoryBytes: spec.mem ? memBytes(spec.mem) : undefined,
      maxPendingSeconds: spec.maxPendingSeconds,
      pollIntervalMs: env().LINEAGE_SLURM_POLL_MS,
    });
    slurmExecutors.set(key, executor);
  }
  return executor;
}
