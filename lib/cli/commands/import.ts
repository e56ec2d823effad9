import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { env } from "../../env";
import { ingestJsonlLines } from "../../services/ingest-jsonl";
import { UsageError, openStore, stdio } from "../context";
import { readLinesSync } from "../read-lines";
import { formatIngestReport } from "../report";

export function importCommand(args: string[]): number {
  const { values, positionals } = parseArgs({ args, options: { db: { type: "string" } }, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError("give one trace file, or - for standard input");
  const source = positionals[0];
  if (source !== "-" && !existsSync(source)) throw new UsageError(`no such file: ${source}`);
  const db = openStore(values.db);
  try {
    const result = ingestJsonlLines(db, readLinesSync(source === "-" ? 0 : source), { logTailChars: env().LINEAGE_LOG_TAIL_BYTES });
    stdio.out(formatIngestReport(result));
    return 0;
  } finally {
    db.$client.close();
  }
}
