// The evaluator's part that runs on a compute node, inside the Slurm job (`lineage evaluate-job
// SPEC.json`, written by the slurm executor into the staged job folder). It runs the job exactly as
// the local executor does on the head node: the recipe's command and the task's trusted scorer in
// sandboxes of their own (namespaces, a uid of their own, rlimits, scrubbed environment, no
// network, bounded output), one socket between them, the scorer's code and held-out secret never in
// the recipe's process. It writes what happened into the job folder (result.json) for the harness,
// which collects the workspace, measures the artifact and reads the scorer's result as locally.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { chownTree } from "../chown-tree";
import { waitForAll, type ExecutorJob, type JobOutput, type JobStatus } from "../executor";
import { probeIsolation } from "../isolation";
import { LocalExecutor } from "../local-executor";
import { acquireSandboxUid } from "../uid-pool";

/** What the slurm executor stages for the node: the job with every path inside the job folder. */
export type NodeJobSpec = { version: 1; job: ExecutorJob };

/** What the node leaves for the harness. */
export type NodeJobResult = { status: Extract<JobStatus, { state: "done" }>; output: JobOutput };

export const NODE_SPEC_FILE = "spec.json";
export const NODE_RESULT_FILE = "result.json";

/** Runs the staged job; returns the process's exit code (0 when a result was written, whatever the recipe did). */
export async function runNodeJob(specPath: string): Promise<number> {
  const spec = JSON.parse(readFileSync(specPath, "utf8")) as NodeJobSpec;
  // The spec holds the scorer's environment (the held-out secret): it is read once, then gone from the shared folder.
  rmSync(specPath, { force: true });
  if (spec.version !== 1) throw new Error(`unknown node job spec version ${spec.version}`);
  const folder = dirname(specPath);
  const executor = new LocalExecutor();
  const lease = probeIsolation().isolation === "namespaces" ? acquireSandboxUid() : undefined;
  let jobId: string | undefined;
  // scancel and Slurm's time limit send SIGTERM first: the sandboxes go with the job.
  const onTerm = () => void (jobId && executor.cancel(jobId));
  process.once("SIGTERM", onTerm);
  try {
    if (lease) chownTree(spec.job.workspace, lease.uid);
    ({ jobId } = await executor.submit({ ...spec.job, uid: lease?.uid }));
    const status = (await waitForAll(executor, [jobId])).get(jobId) as NodeJobResult["status"];
    const output = await executor.collect(jobId);
    const result: NodeJobResult = { status, output };
    const file = join(folder, NODE_RESULT_FILE);
    writeFileSync(`${file}.tmp`, JSON.stringify(result));
    renameSync(`${file}.tmp`, file);
    return 0;
  } finally {
    process.off("SIGTERM", onTerm);
    lease?.release();
  }
}

/** The node's result, or undefined when it left none (the job was killed before, or the evaluator failed). */
export function readNodeResult(folder: string): NodeJobResult | undefined {
  const file = join(folder, NODE_RESULT_FILE);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as NodeJobResult;
  } catch {
    return undefined;
  }
}
