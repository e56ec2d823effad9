// Hands a staged workspace to the uid an evaluation runs as (the harness locally, the node side of a Slurm job).
import { chownSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Hands the workspace to the evaluation's uid: it may write there and nowhere else of ours. */
export function chownTree(dir: string, uid: number): void {
  chownSync(dir, uid, uid);
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (lstatSync(p).isDirectory()) chownTree(p, uid);
    else chownSync(p, uid, uid);
  }
}
