import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { backupStore } from "../../services/backup";
import { UsageError, openStore } from "../context";
import type { Reply } from "../output";

/** --json: {file, pages}. */
export async function backupCommand(args: string[], reply: Reply): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { db: { type: "string" } }, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError("give the file to write the backup to");
  if (existsSync(positionals[0])) throw new UsageError(`${positionals[0]} exists; a backup never overwrites a file`);
  const db = openStore(values.db);
  try {
    const pages = await backupStore(db, positionals[0]);
    reply.result({ file: positionals[0], pages }, `backed up ${pages} pages to ${positionals[0]}\n`);
    return 0;
  } finally {
    db.$client.close();
  }
}
