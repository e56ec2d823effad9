// A consistent copy of the store, for `lineage backup`: safe while the server and runner write.
import { backupDatabase } from "../../db/backup";
import type { Db } from "../../db/client";

/** Writes the copy to `destination`; returns how many pages it holds. */
export function backupStore(db: Db, destination: string): Promise<number> {
  return backupDatabase(db, destination);
}
