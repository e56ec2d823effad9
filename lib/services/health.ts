import type { Db } from "../../db/client";
import { pingDatabase } from "../../db/read-queries";

/** A cheap read that proves the database answers; used by the CLI, tests and the e2e web server. */
export function checkStoreHealth(db: Db) {
  pingDatabase(db);
  return { ok: true };
}
