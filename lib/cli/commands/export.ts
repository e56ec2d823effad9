import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { assertRunExists, exportRunTrace } from "../../services/export-run";
import { UsageError, openStore, stdio } from "../context";

export async function exportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { db: { type: "string" }, output: { type: "string", short: "o" } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError("give the id of one run");
  const db = openStore(values.db);
  try {
    assertRunExists(db, positionals[0]);
    const sink = values.output ? createWriteStream(values.output) : process.stdout;
    for (const chunk of exportRunTrace(db, positionals[0])) {
      if (!sink.write(chunk)) await once(sink, "drain");
    }
    if (values.output) {
      sink.end();
      await once(sink, "finish");
      stdio.err(`wrote run ${positionals[0]} to ${values.output}\n`);
    }
    return 0;
  } finally {
    db.$client.close();
  }
}
