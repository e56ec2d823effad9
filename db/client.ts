// Opening the store: pragmas, a header check that never touches a foreign file, and migrations.
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { closeSync, mkdirSync, openSync, readSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { LineageError } from "../lib/domain/errors";
import { applyMigrations, assertLineageSchemaOrEmpty } from "./migrate";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export type OpenOptions = {
  migrationsFolder: string;
  busyTimeoutMs?: number;
  maxBytes?: number;
  readonly?: boolean;
};

const SQLITE_HEADER = "SQLite format 3\0";

/** Refuses a file that exists but is not an SQLite database, before SQLite can write to it. */
function checkHeader(path: string): void {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return; // not there yet: it will be created
  }
  if (size === 0) return;
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(16);
    readSync(fd, buf, 0, 16, 0);
    if (buf.toString("latin1") !== SQLITE_HEADER) {
      throw new LineageError(
        "database_corrupt",
        `${path} is not an SQLite database (its header is wrong). Lineage left it untouched: ` +
          `restore it from a backup (lineage backup) or point LINEAGE_DB / --db at another file.`,
      );
    }
  } finally {
    closeSync(fd);
  }
}

function ensureDirectory(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (e) {
    throw new LineageError(
      "database_unwritable",
      `cannot create the folder for ${path} (${(e as NodeJS.ErrnoException).code}). ` +
        `Choose a writable location with LINEAGE_DB or --db.`,
    );
  }
}

export function openDatabase(path: string, options: OpenOptions): Db {
  const inMemory = path === ":memory:";
  if (!inMemory) {
    checkHeader(path);
    if (!options.readonly) ensureDirectory(path);
  }
  let sqlite: Database.Database;
  try {
    sqlite = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    // Read before anything writes: a damaged file or a foreign schema is refused untouched
    // (even switching to WAL rewrites the header).
    sqlite.prepare("SELECT count(*) FROM sqlite_master").get();
    if (!options.readonly) assertLineageSchemaOrEmpty(sqlite, path);
    if (!options.readonly) sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma("foreign_keys = ON");
  } catch (e) {
    throw mapOpenError(path, e);
  }
  if (options.maxBytes) setMaxBytes(sqlite, options.maxBytes);
  const db = drizzle(sqlite, { schema }) as Db;
  if (!options.readonly) applyMigrations(db, path, options.migrationsFolder);
  return db;
}

/** Caps the file size: past it, writes fail with SQLITE_FULL and roll back, as on a full disk. */
export function setMaxBytes(sqlite: Database.Database, maxBytes: number): void {
  const pageSize = sqlite.pragma("page_size", { simple: true }) as number;
  sqlite.pragma(`max_page_count = ${Math.max(1, Math.floor(maxBytes / pageSize))}`);
}

function mapOpenError(path: string, e: unknown): LineageError {
  if (e instanceof LineageError) return e;
  const code = (e as { code?: string }).code ?? "";
  if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT") {
    return new LineageError(
      "database_corrupt",
      `${path} is damaged (${code}). Lineage left it untouched: restore it from a backup or point LINEAGE_DB / --db at another file.`,
    );
  }
  if (code === "SQLITE_CANTOPEN" || code === "SQLITE_READONLY" || code === "SQLITE_PERM") {
    return new LineageError(
      "database_unwritable",
      `cannot open ${path} for writing (${code}). Check that the file and its folder are writable, or choose another path with LINEAGE_DB or --db.`,
    );
  }
  return new LineageError("internal", `cannot open ${path}: ${(e as Error).message}`);
}
