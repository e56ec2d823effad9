#!/usr/bin/env node
// What a Slurm job runs on a compute node: `lineage evaluate-job SPEC.json` without the rest of the
// CLI (it loads only the evaluator), so a trial's job starts quickly. See lib/evaluator/slurm/node-job.ts.
import { register } from "tsx/esm/api";

register();
const { runNodeJob } = await import("../lib/evaluator/slurm/node-job.ts");
if (process.argv.length !== 3) {
  process.stderr.write("usage: lineage-evaluate-job SPEC.json (written by the slurm executor)\n");
  process.exitCode = 2;
} else {
  process.exitCode = await runNodeJob(process.argv[2]);
}
