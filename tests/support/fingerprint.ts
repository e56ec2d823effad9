import Database from "better-sqlite3";

const TABLES = ["tasks", "runs", "run_stats", "agents", "trials", "trial_parents", "trial_context_refs", "verdicts", "events"];

/** A summary of everything stored, to show that a refused request changed nothing. */
export function fingerprint(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    const parts = TABLES.map((t) => {
      const row = db.prepare(`SELECT count(*) AS n, coalesce(sum(length(CAST(rowid AS TEXT))), 0) AS r FROM ${t}`).get();
      return `${t}:${JSON.stringify(row)}`;
    });
    parts.push(`stats:${JSON.stringify(db.prepare("SELECT * FROM run_stats ORDER BY run_id").all())}`);
    return parts.join("\n");
  } finally {
    db.close();
  }
}
