// Builds the ShinkaEvolve fixture database from its SQL script (a binary file is not kept in git).
import Database from "better-sqlite3";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export function buildShinkaFixture(dir: string, name = "evolution_db.sqlite"): string {
  const path = join(dir, name);
  const db = new Database(path);
  db.exec(readFileSync(join(import.meta.dirname, "../fixtures/importers/shinka/evolution_db.sql"), "utf8"));
  db.close();
  return path;
}
