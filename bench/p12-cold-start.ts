// P12: cold start, from spawning `lineage serve` to the first 200 of GET /, on the database holding
// the largest run; the baseline is the same start on an empty database (start-up work that grows
// with the data would show as the difference).
import { join } from "node:path";
import { fmt, verdict, type Figure } from "./figure";
import { startServer, waitFor200 } from "./server";
import { summarize } from "./stats";

/** Spawning `lineage serve` on `dbPath` to the first 200 of GET /, in ms. */
export async function coldStart(dbPath: string, logPath: string): Promise<number> {
  const server = await startServer(dbPath, logPath);
  try {
    return (await waitFor200(server, "/", 60_000, 10)) - server.spawnedAt;
  } finally {
    await server.stop();
  }
}

export async function measureP12(opts: { dbPath: string; emptyDbPath: string; trials: number; reps: number; logDir: string }): Promise<Figure> {
  const full: number[] = [];
  const empty: number[] = [];
  for (let i = 0; i < opts.reps; i++) {
    full.push(await coldStart(opts.dbPath, join(opts.logDir, "p12-serve.log")));
    empty.push(await coldStart(opts.emptyDbPath, join(opts.logDir, "p12-serve-empty.log")));
  }
  const f = summarize(full);
  const e = summarize(empty);
  const met = f.median <= 5000;
  return {
    id: "P12",
    what: `cold start to the first page (GET /) with ${fmt(opts.trials)} trials stored`,
    value: Math.round(f.median),
    baseline: Math.round(e.median),
    unit: "ms",
    goal: "<= 5000 ms (median)",
    met,
    line: `P12 cold start with ${fmt(opts.trials)} trials: ${fmt(f.median)} ms p50, ${fmt(f.p95)} ms p95 (empty database ${fmt(e.median)} ms) (goal <= 5,000 ms) ${verdict(met)}`,
    details: { ms: f, emptyDatabaseMs: e, reps: opts.reps },
  };
}
