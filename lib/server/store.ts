// The web process's database connection, opened once per process (Next may load this module in
// several bundles; globalThis keeps them on one connection).
import { join } from "node:path";
import { openDatabase, type Db } from "../../db/client";
import { env } from "../env";

const g = globalThis as { __lineageDb?: Db };

export function store(): Db {
  if (!g.__lineageDb) {
    const e = env();
    g.__lineageDb = openDatabase(e.LINEAGE_DB, {
      migrationsFolder: join(process.cwd(), "drizzle"),
      busyTimeoutMs: e.LINEAGE_BUSY_TIMEOUT_MS,
      maxBytes: e.LINEAGE_DB_MAX_BYTES,
    });
  }
  return g.__lineageDb;
}
