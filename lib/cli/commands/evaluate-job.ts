// `lineage evaluate-job SPEC.json`: run on a compute node by a Slurm job the slurm executor staged.
// Runs the staged job (the recipe's command and the task's trusted scorer) in Lineage's sandbox on
// this machine and writes result.json beside the spec; the harness on the head node reads it.
import { runNodeJob } from "../../evaluator/slurm/node-job";
import { UsageError } from "../context";
import type { Reply } from "../output";

export async function evaluateJobCommand(args: string[], _reply: Reply): Promise<number> {
  if (args.length !== 1) throw new UsageError("give the job's spec file: lineage evaluate-job SPEC.json (written by the slurm executor)");
  return runNodeJob(args[0]);
}
