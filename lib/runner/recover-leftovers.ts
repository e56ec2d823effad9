// What a dead runner leaves behind on this machine: its work folder, the scratch tmpfs mounted under
// it, and the sandbox process groups it recorded. Every runner registers itself (pid, work folder)
// and, when it starts, cleans up after every runner that died, whether or not anyone ever takes
// its runs over. The trial records of its interrupted jobs stay for whoever takes the run over, and
// so do the jobs that outlive it (a running run's Slurm jobs): the run's next runner adopts them.
import { existsSync, readdirSync, rmSync } from "node:fs";
import { basename, dirname, isAbsolute, join } from "node:path";
import type { Db } from "../../db/client";
import type { Executor } from "../evaluator/executor";
import { localExecutor, processAlive } from "../evaluator/local-executor";
import { unmountScratch } from "../evaluator/scratch-fs";
import { adoptable } from "../services/adopt-trial-job";
import { failReeval, otherRunners, runProgress, unregisterRunner } from "../services/runner-registry";
import { jobsLeftBy } from "../services/trial-jobs";
import { buryJob } from "./recover";

/** A runner whose heartbeat is this old is dead even if its pid was reused by something else. */
const DEAD_AFTER_MS = 120_000;
/** Work folders a runner made itself (mkdtemp): only those are removed whole. */
export const OWN_WORK_PREFIX = "lineage-work-";

export function runnerIsAlive(r: { pid: number; heartbeatAt: string }, now = Date.now()): boolean {
  return processAlive(r.pid) && now - Date.parse(r.heartbeatAt) < DEAD_AFTER_MS;
}

/** Unmounts the scratch tmpfs of one job folder (workspace `<job>/eval`, or the folder itself), then removes it. */
function clearJobFolder(folder: string): void {
  unmountScratch(join(folder, "eval"));
  unmountScratch(folder);
  rmSync(folder, { recursive: true, force: true });
}

function clearWorkRoot(workRoot: string, ownsIt: boolean, recorded: string[]): void {
  for (const workspace of recorded) if (dirname(dirname(workspace)) === workRoot) clearJobFolder(dirname(workspace));
  if (!ownsIt || !existsSync(workRoot)) return;
  for (const name of readdirSync(workRoot)) clearJobFolder(join(workRoot, name));
  rmSync(workRoot, { recursive: true, force: true });
}

/**
 * Cleans up after every registered runner that is dead: kills the sandbox groups it recorded (trial
 * and re-evaluation jobs), unmounts its scratch, removes its work folder, marks its re-evaluations
 * failed (interrupted) and forgets it. Returns how many dead runners it cleaned up after.
 */
export async function cleanUpDeadRunners(
  db: Db,
  selfId: string,
  log?: (line: string) => void,
  executor: Executor = localExecutor,
  /** the executor of a job another executor ran (a Slurm run's trial), by the job's executor name and run */
  executorOfJob?: (job: { executor?: string; runId?: string }) => Executor,
): Promise<number> {
  let cleaned = 0;
  for (const r of otherRunners(db, selfId)) {
    if (runnerIsAlive(r)) continue;
    const { trials: jobs, reevals } = jobsLeftBy(db, r.id);
    const of = (j: { executor?: string; runId?: string }) => (j.executor && j.executor !== "local" && executorOfJob ? executorOfJob(j) : executor);
    for (const j of jobs) {
      const jobExecutor = of({ executor: j.executor, runId: j.planned.runId });
      // a job that outlives its runner is left for whoever takes its run over (they adopt it), unless the run is over
      const status = runProgress(db, j.planned.runId)?.status;
      if (adoptable(j, jobExecutor) && (status === "running" || status === "paused")) continue;
      await buryJob(jobExecutor, j.executorJobId, j.workspace);
    }
    for (const j of reevals) await buryJob(of({ executor: j.executor }), j.executorJobId, j.workspace);
    const workspaces = [...jobs, ...reevals].map((j) => j.workspace).filter((w): w is string => typeof w === "string");
    const ownsIt = isAbsolute(r.workRoot) && basename(r.workRoot).startsWith(OWN_WORK_PREFIX);
    try {
      clearWorkRoot(r.workRoot, ownsIt, workspaces);
    } catch (e) {
      log?.(`lineage runner: could not remove dead runner ${r.id}'s work folder ${r.workRoot}: ${(e as Error).message}`);
    }
    for (const j of reevals) failReeval(db, j.id, `interrupted: runner ${r.id} stopped during the re-evaluation; nothing was recorded, ask again`);
    unregisterRunner(db, r.id);
    log?.(
      `lineage runner: cleaned up after dead runner ${r.id} (pid ${r.pid}): ${jobs.length} trial job(s), ${reevals.length} re-evaluation(s), ${r.workRoot}`,
    );
    cleaned++;
  }
  return cleaned;
}
