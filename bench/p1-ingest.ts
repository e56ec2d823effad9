// P1: bulk ingest through the store's own code (ingestTrace) against raw prepared INSERTs of the
// same rows, batch by batch (1,000 trials per transaction), alternating which goes first. The audit
// analyses the ingest queues are worked off after each run (as the runner daemon would), timed apart.
import { performance } from "node:perf_hooks";
import type { Db } from "../db/client";
import { parseTraceLines } from "../lib/domain/jsonl";
import { env } from "../lib/env";
import { analyseAllQueued } from "../lib/services/analysis-queue";
import { ingestTrace } from "../lib/services/ingest-trace";
import { countTrials, toJsonl, traceBatches, type RunSpec } from "./data";
import { fmt, verdict, type Figure } from "./figure";
import { RawRows, rawInserter } from "./raw-insert";
import { median, round, summarize } from "./stats";

export const BATCH = 1000;
export const runIdOf = (size: number) => `bench-${size}`;

type Batch = { trials: number; appMs: number; rawMs: number; parseMs: number };

const rate = (trials: number, ms: number) => (trials * 1000) / ms;

export async function measureP1(appDb: Db, rawDb: Db, sizes: number[], say: (s: string) => void): Promise<Figure> {
  const raw = rawInserter(rawDb.$client);
  const rows = new RawRows();
  const logTailChars = env().LINEAGE_LOG_TAIL_BYTES;
  let k = 0;
  const ingestRun = async (spec: RunSpec): Promise<Batch[]> => {
    const out: Batch[] = [];
    for (const records of traceBatches(spec, BATCH)) {
      const text = toJsonl(records);
      let t = performance.now();
      const parsed = [...parseTraceLines(text.split("\n"))];
      const parseMs = performance.now() - t;
      const rawBatch = rows.batch(
        parsed.map((p) => p.record),
        new Date().toISOString(),
      );
      const app = () => {
        t = performance.now();
        ingestTrace(appDb, parsed, { logTailChars });
        return performance.now() - t;
      };
      const plain = () => {
        t = performance.now();
        raw(rawBatch);
        return performance.now() - t;
      };
      let appMs: number, rawMs: number;
      if (k++ % 2 === 0) [appMs, rawMs] = [app(), plain()];
      else [rawMs, appMs] = [plain(), app()];
      out.push({ trials: countTrials(records), appMs, rawMs, parseMs });
      await new Promise((resolve) => setImmediate(resolve)); // let a Ctrl-C be heard between batches
    }
    return out;
  };

  await ingestRun({ runId: "bench-warmup", trials: BATCH, seed: 7 }); // warm-up, not counted
  analyseAllQueued(appDb);
  const perSize: Record<string, unknown> = {};
  const all: Batch[] = [];
  let analysed = 0;
  let analysisMs = 0;
  for (const size of sizes) {
    const started = performance.now();
    const batches = await ingestRun({ runId: runIdOf(size), trials: size, seed: size });
    all.push(...batches);
    const app = median(batches.map((b) => rate(b.trials, b.appMs)));
    const plain = median(batches.map((b) => rate(b.trials, b.rawMs)));
    const t = performance.now();
    const n = analyseAllQueued(appDb);
    const ms = performance.now() - t;
    analysed += n;
    analysisMs += ms;
    perSize[size] = {
      batches: batches.length,
      appRowsPerSec: Math.round(app),
      rawRowsPerSec: Math.round(plain),
      ratio: round(app / plain),
      analysedAfterwardsPerSec: Math.round(rate(n, ms)),
    };
    say(
      `generated and ingested ${fmt(size)} trials (${runIdOf(size)}) in ${fmt((performance.now() - started) / 1000, 1)} s: ${fmt(app)} rows/s via the store, ${fmt(plain)} raw; ` +
        `their audit analyses worked off afterwards at ${fmt(rate(n, ms))} trials/s`,
    );
  }

  const value = median(all.map((b) => rate(b.trials, b.appMs)));
  const baseline = median(all.map((b) => rate(b.trials, b.rawMs)));
  const ratio = value / baseline;
  const met = ratio >= 0.7;
  const appMs = summarize(all.map((b) => b.appMs));
  const rawMs = summarize(all.map((b) => b.rawMs));
  return {
    id: "P1",
    what: "bulk ingest through the store (ingestTrace)",
    value: Math.round(value),
    baseline: Math.round(baseline),
    unit: "rows/s",
    goal: ">= 0.7x raw rows/s",
    met,
    line:
      `P1 ingest via the store: ${fmt(value)} rows/s = ${ratio.toFixed(2)}x raw ${fmt(baseline)} rows/s (goal >= 0.7x) ${verdict(met)}` +
      `  [median of ${all.length} batches of ${BATCH}; batch p50/p95 ${fmt(appMs.median)}/${fmt(appMs.p95)} ms vs raw ${fmt(rawMs.median)}/${fmt(rawMs.p95)} ms;` +
      ` the queued audit analyses, worked off afterwards (the runner daemon's part): ${fmt(rate(analysed, analysisMs))} trials/s]`,
    details: {
      ratio: round(ratio),
      batchSize: BATCH,
      appBatchMs: appMs,
      rawBatchMs: rawMs,
      parseAndValidateBatchMs: summarize(all.map((b) => b.parseMs)),
      analysedAfterwardsPerSec: Math.round(rate(analysed, analysisMs)),
      perSize,
    },
  };
}
