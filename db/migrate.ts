import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type Database from "better-sqlite3";
import { LineageError } from "../lib/domain/errors";

type MigratableDb = BetterSQLite3Database<Record<string, unknown>> & { $client: Database.Database };

/**
 * A file that holds tables but no migration history was not made by Lineage (or its set-up was
 * interrupted by hand): refuse it before anything writes to it.
 */
export function assertLineageSchemaOrEmpty(sqlite: Database.Database, path: string): void {
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  if (tables.length > 0 && !tables.includes("__drizzle_migrations")) {
    throw new LineageError(
      "migration_failed",
      `${path} holds tables (${tables.slice(0, 5).join(", ")}) but no Lineage migration history, so it was not ` +
        `made by Lineage or its set-up was interrupted. It was left untouched: point LINEAGE_DB / --db at a new file, ` +
        `or restore a backup.`,
    );
  }
}

/** Applies the committed drizzle-kit migrations, all in one transaction. */
export function applyMigrations(db: MigratableDb, path: string, migrationsFolder: string): void {
  try {
    migrate(db, { migrationsFolder });
  } catch (e) {
    const cause = (e as { cause?: Error }).cause ?? (e as Error);
    throw new LineageError(
      "migration_failed",
      `the migrations in ${migrationsFolder} could not be applied to ${path}: ${cause.message}. ` +
        `Nothing was changed (they run in one transaction). Restore a backup or use a new file.`,
    );
  }
}
