// Reading another tool's SQLite file without trusting it: read-only, never created, with
// trusted_schema off, and only plain tables. A view or trigger can run arbitrary SQL (a recursive
// CTE that never ends) when the reader merely selects from "a table"; a virtual table or a
// generated column computes on read too. Those are refused by name before anything is selected.
// Every SQLite failure (not a database, a damaged page, a missing column) becomes a refusal
// naming the file and the problem. The whole read is also under the server job's time limit.
import Database from "better-sqlite3";
import { basename } from "node:path";
import { LineageError } from "../../domain/errors";

type TableNeed = { name: string; columns: string[] };

export function openForeignDb(file: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw refusal(basename(file), e);
  }
  try {
    db.pragma("trusted_schema = OFF");
    db.pragma("query_only = ON");
    return db;
  } catch (e) {
    db.close();
    throw refusal(basename(file), e);
  }
}

/** SQLite's failures on a foreign file, said in words that name the file. */
export function refusal(name: string, e: unknown): unknown {
  if (e instanceof LineageError) return e;
  const code = (e as { code?: unknown }).code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_")) return e;
  const message = (e as Error).message;
  const problem =
    code === "SQLITE_NOTADB"
      ? "it is not an SQLite database"
      : code.startsWith("SQLITE_CORRUPT")
        ? `the file is damaged (${message})`
        : code.startsWith("SQLITE_CANTOPEN")
          ? `it cannot be opened (${message})`
          : `SQLite cannot read it (${message})`;
  return new LineageError("invalid_input", `${name}: ${problem}; nothing was imported`, { file: name, sqliteCode: code });
}

type SchemaRow = { type: string; name: string; tbl_name: string; sql: string | null };

/**
 * Checks that each needed table (and each optional one that is present) is a plain table with
 * the columns the reader names in SQL, and that no view or trigger bears or watches its name.
 * Returns the names of the tables present.
 */
export function checkPlainTables(db: Database.Database, file: string, needed: TableNeed[], optional: TableNeed[] = []): Set<string> {
  const all = [...needed, ...optional];
  const names = all.map((t) => t.name.toLowerCase());
  const schema = db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema").all() as SchemaRow[];
  const refuse = (problem: string) =>
    new LineageError("invalid_input", `${file}: ${problem}; Lineage reads only plain tables of another tool's database, nothing was imported`, { file });
  for (const row of schema) {
    const name = row.name.toLowerCase();
    const table = row.tbl_name.toLowerCase();
    if (row.type === "view" && names.includes(name)) throw refuse(`${row.name} is a view, not a table`);
    if (row.type === "trigger" && (names.includes(name) || names.includes(table)))
      throw refuse(`it carries a trigger ${JSON.stringify(row.name)} on ${row.tbl_name}`);
  }
  const present = new Set<string>();
  for (const need of all) {
    const row = schema.find((r) => r.type === "table" && r.name.toLowerCase() === need.name.toLowerCase());
    if (!row) {
      if (needed.includes(need)) throw new LineageError("invalid_input", `${file}: no ${need.name} table (is this a ShinkaEvolve database?)`, { file });
      continue;
    }
    if (/^\s*CREATE\s+VIRTUAL\s+TABLE/i.test(row.sql ?? "")) throw refuse(`${need.name} is a virtual table`);
    if (/\bWITHOUT\s+ROWID\b/i.test(row.sql ?? "")) throw refuse(`${need.name} is a WITHOUT ROWID table`);
    const columns = db.prepare("SELECT name, hidden FROM pragma_table_xinfo(?)").all(need.name) as { name: string; hidden: number }[];
    // hidden 2: a virtual generated column, computed on every read.
    const computed = columns.filter((c) => c.hidden === 2).map((c) => c.name);
    if (computed.length) throw refuse(`${need.name} has columns computed on read (${computed.join(", ")})`);
    const have = new Set(columns.map((c) => c.name.toLowerCase()));
    const missing = need.columns.filter((c) => !have.has(c));
    if (missing.length) {
      throw new LineageError(
        "invalid_input",
        `${file}: table ${need.name} has no column${missing.length === 1 ? "" : "s"} ${missing.join(", ")} (ShinkaEvolve writes ${need.columns.join(", ")}); nothing was imported`,
        { file, table: need.name, missing },
      );
    }
    present.add(need.name);
  }
  return present;
}
