// P13 (`npm run bench -- --huge`): a 1,000,000-trial run with a fixed seed, ingested through the
// store into the bench database beside the other runs, then measured against the smallest run
// (1k) of the same bench run: ingest, database bytes per trial, cold start, the first trials page,
// the curve data, the lineage API at its default viewport (1280x800, fitted: what the page asks
// first), and the run page in chromium.
// Goals: every read within 1.5x of its 1k figure; the million ingested within 15 minutes.
import { rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "@playwright/test";
import { openDatabase } from "../db/client";
import { parseTraceLines } from "../lib/domain/jsonl";
import { env } from "../lib/env";
import { ingestTrace } from "../lib/services/ingest-trace";
import { toJsonl, traceBatches } from "./data";
import { fmt, verdict, type Figure } from "./figure";
import { request } from "./http";
import { BATCH, runIdOf } from "./p1-ingest";
import { coldStart } from "./p12-cold-start";
import { ingestHuge, type HugeIngest } from "./p13-ingest";
import { loadUntil } from "./page-timing";
import { MIGRATIONS_FOLDER } from "./paths";
import { startServer, waitFor200, type Server } from "./server";
import { round, summarize, type Summary } from "./stats";
import { trialsPath } from "./workload";

export const HUGE_TRIALS = 1_000_000;
const READ_RATIO = 1.5;
const INGEST_MINUTES = 15;
/** The run page's curve drawn, as P6 waits for it: the dots' canvas once it has drawn them, and the frontier line. */
const CURVE_DRAWN = {
  dots: '[data-testid="score-curve"] canvas[data-testid="curve-dots"][data-dots]',
  frontier: '[data-testid="score-curve"] [data-testid="curve-frontier"] path[d]',
};

export type Part = { name: string; value: number | null; baseline: number | null; unit: string; met: boolean; line: string; details?: Record<string, unknown> };
export type Sizes = { small: number; huge: number };
type Reps = { reads: number; lineage: number; pages: number; coldStarts: number };

const fileBytes = (path: string) => ["", "-wal"].reduce((sum, s) => sum + (statSafe(path + s) ?? 0), 0);
const statSafe = (path: string) => {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
};

/** A database holding only the small run, for the cold start and bytes per trial at its size. */
function storeSmallRun(path: string, size: number): void {
  const db = openDatabase(path, { migrationsFolder: MIGRATIONS_FOLDER });
  const logTailChars = env().LINEAGE_LOG_TAIL_BYTES;
  try {
    for (const batch of traceBatches({ runId: runIdOf(size), trials: size, seed: size }, BATCH)) {
      ingestTrace(db, [...parseTraceLines(toJsonl(batch).split("\n"))], { logTailChars });
    }
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.$client.close();
  }
}

function ratioPart(
  name: string,
  label: string,
  sizes: Sizes,
  [small, huge]: [number, number],
  unit: string,
  extra = "",
  details?: Record<string, unknown>,
): Part {
  const ratio = huge / small;
  const met = ratio <= READ_RATIO;
  const f = (x: number) => (unit === "ms" && x < 100 ? x.toFixed(2) : fmt(x));
  return {
    name,
    value: round(huge),
    baseline: round(small),
    unit,
    met,
    line: `P13 ${label} at ${fmt(sizes.huge)}: ${f(huge)} ${unit} vs ${f(small)} ${unit} at ${fmt(sizes.small)} = ${ratio.toFixed(2)}x (goal <= ${READ_RATIO}x)${extra} ${verdict(met)}`,
    details: { ratio: round(ratio), ...details },
  };
}

function errorPart(name: string, label: string, sizes: Sizes, e: unknown): Part {
  const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
  return { name, value: null, baseline: null, unit: "", met: false, line: `P13 ${label} at ${fmt(sizes.huge)}: ERROR ${message}`, details: { error: message } };
}

function ingestPart(r: HugeIngest, p1: { storeAt1k: number | null; rawAt1k: number | null }, smallSize: number): Part {
  const minutes = r.ingestMs / 60_000;
  const met = minutes <= INGEST_MINUTES;
  const raw = r.rawRowsPerSec ?? p1.rawAt1k;
  const rawWhere = r.rawRowsPerSec ? "raw inserts of the same batches" : `raw at ${fmt(smallSize)} (P1; no disk for a raw copy of the million)`;
  return {
    name: "ingest",
    value: round(minutes, 2),
    baseline: null,
    unit: "min",
    met,
    line:
      `P13 ingest of ${fmt(r.trials)} trials: ${fmt(minutes, 1)} min parse + store (goal <= ${INGEST_MINUTES} min; ${fmt(r.wallMs / 60_000, 1)} min with generating the data), ` +
      `${fmt(r.storeRowsPerSec)} rows/s via the store` +
      (p1.storeAt1k ? ` vs ${fmt(p1.storeAt1k)} at ${fmt(smallSize)} (${(r.storeRowsPerSec / p1.storeAt1k).toFixed(2)}x)` : "") +
      (raw ? `, ${(r.storeRowsPerSec / raw).toFixed(2)}x ${rawWhere} ${fmt(raw)} rows/s` : "") +
      `; its audit analyses are left queued, as the runner daemon works them off apart (P1 times them) ${verdict(met)}`,
    details: {
      wallMinutes: round(r.wallMs / 60_000, 2),
      storeMinutes: round(r.storeMs / 60_000, 2),
      storeRowsPerSec: Math.round(r.storeRowsPerSec),
      rawRowsPerSec: r.rawRowsPerSec && Math.round(r.rawRowsPerSec),
      rawBaselineFrom: r.rawRowsPerSec ? "million" : "P1 at the smallest size",
      storeAtSmallRowsPerSec: p1.storeAt1k,
      rawAtSmallRowsPerSec: p1.rawAt1k,
      storeBatchMs: r.storeBatchMs,
    },
  };
}

/** `path`'s timings, alternating the small and the huge run request by request after a warm-up. */
async function alternate(base: string, paths: [string, string], reps: number, timeoutMs: number): Promise<[Summary, Summary, number[]]> {
  const ms: [number[], number[]] = [[], []];
  const bytes = [0, 0];
  for (let i = -2; i < reps; i++) {
    for (const k of [0, 1] as const) {
      const r = await request(base, paths[k], { timeoutMs });
      if (r.status !== 200) throw new Error(`GET ${paths[k]}: ${r.status}`);
      if (i < 0) continue;
      ms[k].push(r.ms);
      bytes[k] = Math.max(bytes[k], r.bytes);
    }
  }
  return [summarize(ms[0]), summarize(ms[1]), bytes];
}

async function readPart(base: string, name: string, label: string, paths: [string, string], reps: number, sizes: Sizes, timeoutMs = 60_000): Promise<Part> {
  try {
    // The first read of each: it may fill a per-run cache the later ones hit.
    const first = [];
    for (const p of paths) first.push((await request(base, p, { timeoutMs })).ms);
    const [small, huge, bytes] = await alternate(base, paths, reps, timeoutMs);
    const extra = `; p95 ${huge.p95.toFixed(1)} vs ${small.p95.toFixed(1)} ms; first read ${fmt(first[1], 1)} vs ${fmt(first[0], 1)} ms; ${fmt(bytes[1] / 1024, 1)} vs ${fmt(bytes[0] / 1024, 1)} KB`;
    return ratioPart(name, label, sizes, [small.median, huge.median], "ms", extra, { small, huge, firstReadMs: first.map((x) => round(x)), bytes });
  } catch (e) {
    return errorPart(name, label, sizes, e);
  }
}

async function runPagePart(browser: Browser, base: string, runIds: [string, string], reps: number, sizes: Sizes): Promise<Part> {
  const label = "run page to curve drawn";
  try {
    const ms: [number[], number[]] = [[], []];
    for (let i = -1; i < reps; i++) {
      for (const k of [0, 1] as const) {
        const loaded = await loadUntil(browser, `${base}/runs/${encodeURIComponent(runIds[k])}`, CURVE_DRAWN, 120_000);
        await loaded.close();
        if (i >= 0) ms[k].push(Math.max(loaded.marks.dots.shown, loaded.marks.frontier.shown));
      }
    }
    const [small, huge] = [summarize(ms[0]), summarize(ms[1])];
    return ratioPart("runPage", label, sizes, [small.median, huge.median], "ms", `; p95 ${fmt(huge.p95)} vs ${fmt(small.p95)} ms`, { small, huge });
  } catch (e) {
    return errorPart("runPage", label, sizes, e);
  }
}

async function coldStartPart(o: { hugeDb: string; smallDb: string; reps: number; logDir: string; sizes: Sizes }): Promise<Part> {
  const label = "cold start to the first page";
  try {
    const ms: [number[], number[]] = [[], []];
    for (let i = 0; i < o.reps; i++) {
      ms[0].push(await coldStart(o.smallDb, join(o.logDir, "p13-serve-small.log")));
      ms[1].push(await coldStart(o.hugeDb, join(o.logDir, "p13-serve-huge.log")));
    }
    const [small, huge] = [summarize(ms[0]), summarize(ms[1])];
    return ratioPart("coldStart", label, o.sizes, [small.median, huge.median], "ms", ` (against a database of the ${fmt(o.sizes.small)} run alone)`, {
      small,
      huge,
    });
  } catch (e) {
    return errorPart("coldStart", label, o.sizes, e);
  }
}

/** The read figures on a server over the database holding both runs, the small one and the huge one alternating. */
export async function measureHugeReads(o: {
  dir: string;
  dbPath: string;
  sizes: Sizes;
  reps: Reps;
  launch: () => Promise<Browser>;
  /** the two runs, when they are not the bench's own (e.g. a huge run stopped part way, kept with --keep) */
  runIds?: [string, string];
}): Promise<Part[]> {
  const { sizes } = o;
  const parts: Part[] = [];
  const ids: [string, string] = o.runIds ?? [runIdOf(sizes.small), runIdOf(sizes.huge)];
  const enc = ids.map(encodeURIComponent) as [string, string];
  let server: Server | undefined;
  try {
    server = await startServer(o.dbPath, join(o.dir, "p13-serve.log"));
    await waitFor200(server, "/api/health");
    const base = server.base;
    parts.push(await readPart(base, "trialsPage", "first trials page", [trialsPath(ids[0]), trialsPath(ids[1])], o.reps.reads, sizes));
    parts.push(await readPart(base, "curve", "curve data", [`/api/runs/${enc[0]}/curve`, `/api/runs/${enc[1]}/curve`], o.reps.reads, sizes));
    parts.push(
      await readPart(
        base,
        "lineage",
        "lineage API (default viewport)",
        [`/api/runs/${enc[0]}/lineage`, `/api/runs/${enc[1]}/lineage`],
        o.reps.lineage,
        sizes,
        600_000,
      ),
    );
    parts.push(await runPagePart(await o.launch(), base, ids, o.reps.pages, sizes));
  } finally {
    await server?.stop();
  }

  return parts;
}

export async function measureP13(o: {
  dir: string;
  dbPath: string;
  emptyDbPath: string;
  smallSize: number;
  /** the huge run's size: HUGE_TRIALS in the bench */
  trials: number;
  p1?: Figure;
  reps: Reps;
  launch: () => Promise<Browser>;
  say: (s: string) => void;
}): Promise<Figure> {
  const parts: Part[] = [];
  const sizes: Sizes = { small: o.smallSize, huge: o.trials };
  const smallDb = join(o.dir, "p13-small.db");
  const perSize = o.p1?.details?.perSize as Record<string, { appRowsPerSec: number; rawRowsPerSec: number }> | undefined;
  const bytesBefore = fileBytes(o.dbPath);
  const ingest = await ingestHuge({ dbPath: o.dbPath, rawPath: join(o.dir, "p13-raw.db"), trials: o.trials, say: o.say });
  parts.push(
    ingestPart(ingest, { storeAt1k: perSize?.[o.smallSize]?.appRowsPerSec ?? null, rawAt1k: perSize?.[o.smallSize]?.rawRowsPerSec ?? null }, o.smallSize),
  );

  storeSmallRun(smallDb, o.smallSize);
  const hugePerTrial = (fileBytes(o.dbPath) - bytesBefore) / o.trials;
  const smallPerTrial = (fileBytes(smallDb) - fileBytes(o.emptyDbPath)) / o.smallSize;
  parts.push({
    name: "bytesPerTrial",
    value: Math.round(hugePerTrial),
    baseline: Math.round(smallPerTrial),
    unit: "bytes",
    met: true, // reported, no goal of its own
    line: `P13 database bytes per trial at ${fmt(o.trials)}: ${fmt(hugePerTrial)} vs ${fmt(smallPerTrial)} at ${fmt(o.smallSize)} (${(hugePerTrial / smallPerTrial).toFixed(2)}x; ${fmt(fileBytes(o.dbPath) / 1e9, 1)} GB in all; no goal)`,
  });
  parts.push(await coldStartPart({ hugeDb: o.dbPath, smallDb, reps: o.reps.coldStarts, logDir: o.dir, sizes }));
  for (const suffix of ["", "-wal", "-shm"]) rmSync(smallDb + suffix, { force: true });

  parts.push(...(await measureHugeReads({ dir: o.dir, dbPath: o.dbPath, sizes, reps: o.reps, launch: o.launch })));

  const judged = parts.filter((p) => p.name !== "bytesPerTrial");
  const met = judged.every((p) => p.met);
  const reads = parts.filter((p) => p.unit === "ms" && p.value !== null);
  return {
    id: "P13",
    what: `a ${fmt(o.trials)}-trial run against the ${fmt(o.smallSize)}-trial run of the same bench run`,
    value: reads.length ? Math.max(...reads.map((p) => p.value! / p.baseline!)) : null,
    baseline: READ_RATIO,
    unit: "x (worst read ratio)",
    goal: `every read within ${READ_RATIO}x of ${fmt(o.smallSize)}; ingest of the million <= ${INGEST_MINUTES} min`,
    met,
    line: parts.map((p) => p.line).join("\n"),
    details: Object.fromEntries(parts.map(({ name, line: _line, ...rest }) => [name, rest])),
  };
}
