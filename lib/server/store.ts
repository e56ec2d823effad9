// The web process's database connection, opened once per process (Next may load this module in
// several bundles; globalThis keeps them on one connection).
import { join } from "node:path";
import { openDatabase, SERVER_BUSY_SLICE_MS, type Db } from "../../db/client";
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
    // Opened (and migrated) with the full wait; from now on only a short one inside SQLite, as a
    // busy write is retried without blocking the event loop (lib/http/handler.ts).
    g.__lineageDb.$client.pragma(`busy_timeout = ${Math.min(e.LINEAGE_BUSY_TIMEOUT_MS, SERVER_BUSY_SLICE_MS)}`);
  }
  return g.__lineageDb;
}
