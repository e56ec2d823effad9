// The shared folder a Slurm run stages its jobs on (LINEAGE_SHARED_DIR), checked before anything is
// submitted. Apart from the executor so the run-starting service checks it without loading it.
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { resolve } from "node:path";

/** Refuses a shared folder that is unset, missing or not writable, before any job is submitted. */
export function checkSharedDir(dir: string | undefined): string {
  if (!dir) throw new Error("the slurm executor needs LINEAGE_SHARED_DIR: a folder the compute nodes see at the same path");
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new Error(`LINEAGE_SHARED_DIR ${abs} is not a folder`);
  try {
    accessSync(abs, constants.W_OK);
  } catch {
    throw new Error(`LINEAGE_SHARED_DIR ${abs} is not writable`);
  }
  return abs;
}
