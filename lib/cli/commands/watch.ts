// `lineage watch --from autoresearch results.tsv` (or openevolve OUTPUT_DIR, aide LOG_DIR): follows
// another tool's loop while it runs and imports each row, checkpoint or journal rewrite as it lands (lib/services/watch-source.ts), until Ctrl-C or SIGTERM.
// --json: one JSON line per event ({"event":"imported"|"waiting"|"rewritten"|"problem"|"stopped", …}).
import { parseArgs } from "node:util";
import { env } from "../../env";
import { WATCHABLE_FORMATS, watchSource, type WatchEvent } from "../../services/watch-source";
import { UsageError, openStore } from "../context";
import type { Reply } from "../output";
import { SOURCE_FLAGS, sourceFromFlags } from "../source-flags";

function words(e: WatchEvent): string {
  switch (e.event) {
    case "imported":
      return `lineage watch: run ${e.runId}: +${e.created} trial${e.created === 1 ? "" : "s"} (${e.total} in all, ${e.rows} rows read)`;
    case "waiting":
      return `lineage watch: waiting: ${e.why}`;
    case "rewritten":
      return `lineage watch: the source was ${e.how} (now ${e.rows} rows); the trials recorded before stay in run ${e.runId}`;
    case "problem":
      return `lineage watch: ${e.message} [${e.code}]`;
    case "stopped":
      return `lineage watch: stopped${e.runId ? `; run ${e.runId} is paused until watch follows it again` : ""}`;
  }
}

export async function watchCommand(args: string[], reply: Reply): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { db: { type: "string" }, interval: { type: "string" }, ...SOURCE_FLAGS },
    allowPositionals: true,
  });
  const { path, options } = sourceFromFlags(values, positionals, WATCHABLE_FORMATS);
  const seconds = values.interval === undefined ? 1 : Number(values.interval);
  if (!Number.isFinite(seconds) || seconds < 0.05 || seconds > 3600)
    throw new UsageError(`--interval must be seconds from 0.05 to 3600, not ${JSON.stringify(values.interval)}`);
  const db = openStore(values.db);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const { runId } = await watchSource(db, {
      path,
      options,
      logTailChars: env().LINEAGE_LOG_TAIL_BYTES,
      intervalMs: seconds * 1000,
      signal: stop.signal,
      actor: "cli",
      onEvent: (e) => (e.event === "stopped" ? undefined : reply.event(e.event === "imported" ? { ...e, report: undefined } : e, words(e))),
    });
    reply.result({ event: "stopped", runId }, words({ event: "stopped", runId }) + "\n", "err");
    return 0;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    db.$client.close();
  }
}
