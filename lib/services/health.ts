import type { Db } from "../../db/client";

/** A cheap read that proves the database answers; used by the CLI, tests and the e2e web server. */
export function checkStoreHealth(db: Db) {
  db.$client.prepare("SELECT 1").get();
  return { ok: true };
}
