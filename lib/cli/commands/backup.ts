import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { backupStore } from "../../services/backup";
import { UsageError, openStore, stdio } from "../context";

export async function backupCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { db: { type: "string" } }, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError("give the file to write the backup to");
  if (existsSync(positionals[0])) throw new UsageError(`${positionals[0]} exists; a backup never overwrites a file`);
  const db = openStore(values.db);
  try {
    const pages = await backupStore(db, positionals[0]);
    stdio.out(`backed up ${pages} pages to ${positionals[0]}\n`);
    return 0;
  } finally {
    db.$client.close();
  }
}
