// The runs only the page figures read, stored after the figures that measure the database as P1
// filled it (P12's cold start sees exactly the runs it saw before): P8's run of three diffs and,
// when the sizes do not include it, P7's 5,000-trial run (the same seed as a 5,000 size would use).
import { openDatabase } from "../db/client";
import { parseTraceLines } from "../lib/domain/jsonl";
import { env } from "../lib/env";
import { analyseAllQueued } from "../lib/services/analysis-queue";
import { ingestTrace } from "../lib/services/ingest-trace";
import { MIGRATIONS_FOLDER } from "./paths";
import { toJsonl, traceBatches, type TraceObject } from "./data";
import { diffCaseRecords } from "./diff-cases";
import { BATCH, runIdOf } from "./p1-ingest";

const DIFF_RUN = "bench-diffs";
export const LINEAGE_VIEW_SIZE = 5000;

export function storePageRuns(dbPath: string, sizes: number[]): { diffRunId: string; lineageRunId: string } {
  const db = openDatabase(dbPath, { migrationsFolder: MIGRATIONS_FOLDER });
  const logTailChars = env().LINEAGE_LOG_TAIL_BYTES;
  const store = (records: TraceObject[]) => ingestTrace(db, [...parseTraceLines(toJsonl(records).split("\n"))], { logTailChars });
  try {
    store(diffCaseRecords(DIFF_RUN));
    if (!sizes.includes(LINEAGE_VIEW_SIZE)) {
      for (const batch of traceBatches({ runId: runIdOf(LINEAGE_VIEW_SIZE), trials: LINEAGE_VIEW_SIZE, seed: LINEAGE_VIEW_SIZE }, BATCH)) store(batch);
    }
    // the bench serves with --no-runner: work off the queued audit analyses as its runner daemon would
    analyseAllQueued(db);
  } finally {
    db.$client.close();
  }
  return { diffRunId: DIFF_RUN, lineageRunId: runIdOf(LINEAGE_VIEW_SIZE) };
}
