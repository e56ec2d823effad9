// P9's runner: a separate process that writes trials through the store code (ingestTrace, one
// trial per transaction, as a loop runner does) into the same database file, at a steady rate.
// Driven by its parent over IPC: "start" (with a rate), "stop" (answers with counts), "exit".
// Run as: node --import tsx bench/p9-writer.ts DB MIGRATIONS RUN_ID
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { openDatabase } from "../db/client";
import { TraceRecord } from "../lib/domain/trace";
import { ingestTrace } from "../lib/services/ingest-trace";
import { runHeader, runTrials, type TraceObject } from "./data";

export type WriterMessage = { cmd: "start"; rate: number } | { cmd: "stop" } | { cmd: "exit" };
export type WriterReport = { type: "ready" } | { type: "stopped"; written: number; busy: number; errors: number; lastError?: string; seconds: number };

const [dbPath, migrationsFolder, runId] = process.argv.slice(2);
const db = openDatabase(dbPath, { migrationsFolder, busyTimeoutMs: 5000 });
const spec = { runId, trials: 1_000_000, seed: 9 };
const trials = runTrials(spec);
const send = (m: WriterReport) => process.send!(m);

let counts = { written: 0, busy: 0, errors: 0, lastError: undefined as string | undefined };

function store(records: TraceObject[]): void {
  try {
    ingestTrace(
      db,
      records.map((r, i) => ({ line: i + 1, record: TraceRecord.parse(r) })),
      { logTailChars: 64 * 1024 },
    );
    counts.written += records.length;
  } catch (e) {
    if (String((e as { code?: unknown }).code ?? "").startsWith("SQLITE_BUSY")) counts.busy++;
    else counts.errors++;
    counts.lastError = (e as Error).message;
  }
}

let running: Promise<void> | null = null;
let stopping = false;

async function writeAt(rate: number): Promise<void> {
  const every = 1000 / rate;
  let due = performance.now();
  while (!stopping) {
    store([trials.next().value as TraceObject]);
    due += every;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    else await new Promise((resolve) => setImmediate(resolve)); // behind: catch up, but still hear "stop"
  }
}

process.on("message", async (m: WriterMessage) => {
  if (m.cmd === "start" && !running) {
    stopping = false;
    counts = { written: 0, busy: 0, errors: 0, lastError: undefined };
    const started = performance.now();
    running = writeAt(m.rate).then(() => {
      send({ type: "stopped", ...counts, seconds: (performance.now() - started) / 1000 });
    });
  } else if (m.cmd === "stop") {
    stopping = true;
    await running;
    running = null;
  } else if (m.cmd === "exit") {
    db.$client.close();
    process.exit(0);
  }
});
process.on("disconnect", () => process.exit(0)); // the bench went away: never linger

store(runHeader(spec));
if (counts.written === 0) {
  console.error(`p9-writer: could not store the run's header: ${counts.lastError}`);
  process.exit(1);
}
counts = { written: 0, busy: 0, errors: 0, lastError: undefined };
send({ type: "ready" });
