// P13's ingest: the million-trial run generated with its fixed seed and stored through the app's own
// code (ingestTrace), 1,000 trials per transaction as P1. When the disk holds a second copy, each
// batch is also written raw (P1's baseline) into a database deleted afterwards, alternating which
// goes first; otherwise the raw baseline is P1's, from the 1k batches of the same bench run.
import { rmSync, statfsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { openDatabase } from "../db/client";
import { parseTraceLines } from "../lib/domain/jsonl";
import { env } from "../lib/env";
import { ingestTrace } from "../lib/services/ingest-trace";
import { countTrials, toJsonl, traceBatches } from "./data";
import { fmt } from "./figure";
import { BATCH, runIdOf } from "./p1-ingest";
import { MIGRATIONS_FOLDER } from "./paths";
import { RawRows, rawInserter } from "./raw-insert";
import { median, summarize, type Summary } from "./stats";

/** About 20 KB per generated trial (BENCHMARKS.md's diffs and hypotheses), with room for indexes and the WAL. */
export const BYTES_PER_TRIAL_ESTIMATE = 20_000 * 1.3;

export type HugeIngest = {
  trials: number;
  /** generating, serialising, parsing and storing, start to end */
  wallMs: number;
  /** parsing and validating the JSONL plus ingestTrace: what `lineage import` of the same file would do */
  ingestMs: number;
  storeMs: number;
  /** median of the batches' rows/s through the store */
  storeRowsPerSec: number;
  /** median of the batches' raw rows/s, or null when the disk could not hold the raw copy */
  rawRowsPerSec: number | null;
  storeBatchMs: Summary;
};

export const freeBytes = (dir: string) => {
  const { bavail, bsize } = statfsSync(dir);
  return bavail * bsize;
};

export async function ingestHuge(o: { dbPath: string; rawPath: string; trials: number; say: (s: string) => void }): Promise<HugeIngest> {
  const need = o.trials * BYTES_PER_TRIAL_ESTIMATE;
  const free = freeBytes(o.dbPath.slice(0, o.dbPath.lastIndexOf("/")) || ".");
  if (free < need) throw new Error(`${fmt(free / 1e9, 1)} GB free; the ${fmt(o.trials)}-trial run needs about ${fmt(need / 1e9, 1)} GB`);
  const withRaw = free >= 2 * need * 1.1;
  o.say(
    `P13: generating and ingesting ${fmt(o.trials)} trials (${fmt(free / 1e9, 1)} GB free; ` +
      (withRaw ? "raw baseline written beside it" : `no room for a raw copy of about ${fmt(need / 1e9, 1)} GB: raw baseline from P1's 1k batches`) +
      ")",
  );
  const db = openDatabase(o.dbPath, { migrationsFolder: MIGRATIONS_FOLDER });
  const rawDb = withRaw ? openDatabase(o.rawPath, { migrationsFolder: MIGRATIONS_FOLDER }) : null;
  const raw = rawDb ? rawInserter(rawDb.$client) : null;
  const rows = new RawRows();
  const logTailChars = env().LINEAGE_LOG_TAIL_BYTES;
  const storeMs: number[] = [];
  const storeRates: number[] = [];
  const rawRates: number[] = [];
  let ingestMs = 0;
  let stored = 0;
  const started = performance.now();
  try {
    let k = 0;
    for (const records of traceBatches({ runId: runIdOf(o.trials), trials: o.trials, seed: o.trials }, BATCH)) {
      const text = toJsonl(records);
      let t = performance.now();
      const parsed = [...parseTraceLines(text.split("\n"))];
      const parseMs = performance.now() - t;
      const n = countTrials(records);
      const app = () => {
        t = performance.now();
        ingestTrace(db, parsed, { logTailChars });
        return performance.now() - t;
      };
      const plain = () => {
        const batch = rows.batch(
          parsed.map((p) => p.record),
          new Date().toISOString(),
        );
        t = performance.now();
        raw!(batch);
        return performance.now() - t;
      };
      let appMs: number;
      if (!raw) appMs = app();
      else if (k++ % 2 === 0) {
        appMs = app();
        rawRates.push((n * 1000) / plain());
      } else {
        rawRates.push((n * 1000) / plain());
        appMs = app();
      }
      storeMs.push(appMs);
      storeRates.push((n * 1000) / appMs);
      ingestMs += parseMs + appMs;
      stored += n;
      if (stored % 50_000 === 0) {
        o.say(`P13: ${fmt(stored)} trials stored, ${fmt((performance.now() - started) / 60_000, 1)} min, ${fmt((stored * 1000) / ingestMs)} trials/s ingest`);
      }
      await new Promise((resolve) => setImmediate(resolve)); // let a Ctrl-C be heard between batches
    }
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.$client.close();
    rawDb?.$client.close();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(o.rawPath + suffix, { force: true });
  }
  return {
    trials: stored,
    wallMs: performance.now() - started,
    ingestMs,
    storeMs: storeMs.reduce((a, b) => a + b, 0),
    storeRowsPerSec: median(storeRates),
    rawRowsPerSec: raw ? median(rawRates) : null,
    storeBatchMs: summarize(storeMs),
  };
}
