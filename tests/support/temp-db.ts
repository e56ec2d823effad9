import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type Db } from "../../db/client";

export const MIGRATIONS = join(import.meta.dirname, "../../drizzle");

export function tempDir(prefix = "lineage-test-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh database file migrated with the real migrations. */
export function tempDb(): { db: Db; path: string; cleanup: () => void } {
  const { dir, cleanup } = tempDir();
  const path = join(dir, "lineage.db");
  const db = openDatabase(path, { migrationsFolder: MIGRATIONS });
  return { db, path, cleanup: () => (db.$client.close(), cleanup()) };
}
