import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { assertRunExists, exportRunTrace } from "../../services/export-run";
import { UsageError, openStore } from "../context";
import type { Reply } from "../output";

/** The trace is JSON lines already, so --json leaves stdout as it is; with -o it answers {runId, file, records, bytes}. */
export async function exportCommand(args: string[], reply: Reply): Promise<number> {
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
    let records = 0;
    let bytes = 0;
    for (const chunk of exportRunTrace(db, positionals[0])) {
      for (let i = chunk.indexOf("\n"); i !== -1; i = chunk.indexOf("\n", i + 1)) records++;
      bytes += Buffer.byteLength(chunk);
      if (!sink.write(chunk)) await once(sink, "drain");
    }
    if (values.output) {
      sink.end();
      await once(sink, "finish");
      reply.result({ runId: positionals[0], file: values.output, records, bytes }, `wrote run ${positionals[0]} to ${values.output}\n`, "err");
    }
    return 0;
  } finally {
    db.$client.close();
  }
}
