import type { Db } from "./client";

/** A consistent online copy through SQLite's backup API: safe while the server and runner write. */
export async function backupDatabase(db: Db, destination: string): Promise<number> {
  return (await db.$client.backup(destination)).totalPages;
}
