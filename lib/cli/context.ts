// What every command needs: the repo root, the database path and a way to open the store.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase, type Db } from "../../db/client";
import { env } from "../env";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const MIGRATIONS_FOLDER = join(REPO_ROOT, "drizzle");

export class UsageError extends Error {}

/** --db wins over LINEAGE_DB; both are resolved against the caller's working directory. */
export function databasePath(dbFlag: string | undefined): string {
  const p = dbFlag ?? env().LINEAGE_DB;
  return p === ":memory:" ? p : resolve(process.cwd(), p);
}

export function openStore(dbFlag: string | undefined): Db {
  const e = env();
  return openDatabase(databasePath(dbFlag), {
    migrationsFolder: MIGRATIONS_FOLDER,
    busyTimeoutMs: e.LINEAGE_BUSY_TIMEOUT_MS,
    maxBytes: e.LINEAGE_DB_MAX_BYTES,
  });
}
