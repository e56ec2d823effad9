// Where the benchmarks find the repo and its migrations: bench/ sits at the repo root.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const MIGRATIONS_FOLDER = join(REPO_ROOT, "drizzle");
