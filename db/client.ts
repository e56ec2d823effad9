// Opening the store: pragmas, a header check that never touches a foreign file, and migrations.
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { LineageError } from "../lib/domain/errors";
import { applyMigrations, assertLineageSchemaOrEmpty } from "./migrate";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

type OpenOptions = {
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

/**
 * The folder (when we create it) is owner-only, and so is the database file: SQLite gives its -wal
 * and -shm files the database file's permissions, so no other user (an evaluator's uid included)
 * can read a trial, a token hash or a verdict from any of them.
 */
function ensureOwnerOnlyFile(path: string): void {
  try {
    if (!existsSync(path)) closeSync(openSync(path, "wx", 0o600));
  } catch {
    // an unwritable folder: SQLite's open below says so in its own words
  }
  for (const f of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      if ((statSync(f).mode & 0o077) !== 0) chmodSync(f, 0o600);
    } catch {
      // absent, or not ours to change
    }
  }
}

function ensureDirectory(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new LineageError(
      "database_unwritable",
      `cannot create the folder for ${path} (${(e as NodeJS.ErrnoException).code}). ` + `Choose a writable location with LINEAGE_DB or --db.`,
    );
  }
}

export function openDatabase(path: string, options: OpenOptions): Db {
  const inMemory = path === ":memory:";
  if (!inMemory) {
    checkHeader(path);
    if (!options.readonly) {
      ensureDirectory(path);
      ensureOwnerOnlyFile(path);
    }
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

/**
 * The server's connection waits at most this long inside SQLite for another writer's lock: SQLite
 * sleeps synchronously, which would stall every request on the event loop. The server retries a
 * busy write asynchronously instead, up to LINEAGE_BUSY_TIMEOUT_MS (lib/http/handler.ts).
 */
export const SERVER_BUSY_SLICE_MS = 20;

/** The SQLite result code of a store error, raw from better-sqlite3 or wrapped by drizzle (as its `cause`); null for any other error. */
function sqliteCodeOf(e: unknown): string | null {
  for (let x = e, depth = 0; x && typeof x === "object" && depth < 4; x = (x as { cause?: unknown }).cause, depth++) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("SQLITE_")) return code;
  }
  return null;
}

/** SQLITE_BUSY / SQLITE_LOCKED, raw from better-sqlite3 or wrapped by drizzle (as its `cause`). */
export function isBusyError(e: unknown): boolean {
  const code = sqliteCodeOf(e);
  return code !== null && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

/** Any error of the store itself (busy, full, I/O, corrupt), as against one of the code working on what it read. */
export const isStoreError = (e: unknown): boolean => sqliteCodeOf(e) !== null;

/** Rows this connection has changed since it opened: unchanged across a failed attempt means it wrote nothing. */
export function totalChanges(db: Db): number {
  return db.$client.prepare("SELECT total_changes()").pluck().get() as number;
}

/** Caps the file size: past it, writes fail with SQLITE_FULL and roll back, as on a full disk. */
function setMaxBytes(sqlite: Database.Database, maxBytes: number): void {
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
