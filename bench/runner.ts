// `npm run bench`: generates the data into a temporary database, measures every figure against its
// same-run baseline on the production build (pages in Debian's chromium), prints one line per
// figure as it is measured and ends with one JSON line holding them all. Every process it starts
// (servers, the browser) is stopped, also on error.
import { mkdtempSync, rmSync, statfsSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../db/client";
import { MIGRATIONS_FOLDER } from "./paths";
import { closeBrowser, launchBrowser } from "./browser";
import { ensureBuild } from "./build";
import { failedFigure, fmt, type Figure } from "./figure";
import { closeConnections, request } from "./http";
import { BATCH, measureP1, runIdOf } from "./p1-ingest";
import { measureP2 } from "./p2-http-ingest";
import { measureP3 } from "./p3-trial-read";
import { measureP4 } from "./p4-list-page";
import { measureP5 } from "./p5-curve";
import { measureP6 } from "./p6-run-page";
import { measureP7 } from "./p7-lineage";
import { measureP8 } from "./p8-diff-view";
import { LINEAGE_VIEW_SIZE, storePageRuns } from "./page-runs";
import { measureP9 } from "./p9-reads-under-writes";
import { measureP11 } from "./p11-memory";
import { measureP12 } from "./p12-cold-start";
import { HUGE_TRIALS, measureP13 } from "./p13-huge";
import { BYTES_PER_TRIAL_ESTIMATE } from "./p13-ingest";
import { nextServerPid, startServer, stopAllServers, waitFor200, type Server } from "./server";
import { trialPath, trialsPath } from "./workload";

export type BenchOptions = {
  sizes: number[];
  quick: boolean;
  keep: boolean;
  /** also generate and measure P13's 1,000,000-trial run */ huge?: boolean;
  /** figure ids to measure (P1 always runs: it fills the data); all when absent */ only?: string[];
};
type Output = { out: (s: string) => void; say: (s: string) => void };

const REPS = {
  full: { p3: 300, p4: 100, p9Rounds: 5, p9Reads: 200, p11: 1000, p12: 5, p2Batches: 10, p5: 100, pages: 7, ancestors: 100 },
  quick: { p3: 50, p4: 20, p9Rounds: 5, p9Reads: 40, p11: 200, p12: 3, p2Batches: 3, p5: 30, pages: 5, ancestors: 30 },
};
const P13_REPS = { full: { reads: 50, lineage: 5, pages: 5, coldStarts: 3 }, quick: { reads: 20, lineage: 3, pages: 3, coldStarts: 3 } };

/** About 20 KB per trial (8 KB diffs, 1% of 0.2–2 MB, 1–2 KB hypotheses) in each of the two databases. */
function checkDisk(dir: string, sizes: number[], huge: boolean): void {
  // The million goes into the store only; its raw baseline is written only when there is room (bench/p13-ingest.ts).
  const need = (sizes.reduce((a, b) => a + b, 0) + 20 * BATCH) * 20_000 * 2 * 1.3 + (huge ? HUGE_TRIALS * BYTES_PER_TRIAL_ESTIMATE : 0);
  const { bavail, bsize } = statfsSync(dir);
  if (bavail * bsize < need) {
    throw new Error(`${dir} has ${fmt((bavail * bsize) / 1e9, 1)} GB free; the benchmark needs about ${fmt(need / 1e9, 1)} GB`);
  }
}

async function warmUp(server: Server, runIds: string[]): Promise<void> {
  const paths = ["/", "/api/runs", "/api/tasks", "/api/ping", ...runIds.flatMap((id) => [trialsPath(id), trialPath(id, 1), `/api/runs/${id}`])];
  for (let i = 0; i < 5; i++) for (const p of paths) await request(server.base, p);
}

export async function runBench(o: BenchOptions, { out, say }: Output): Promise<number> {
  const sizes = [...new Set(o.sizes)].sort((a, b) => a - b);
  const largest = sizes[sizes.length - 1];
  const reps = o.quick ? REPS.quick : REPS.full;
  if (o.huge && sizes.includes(HUGE_TRIALS)) throw new Error(`--huge adds the ${fmt(HUGE_TRIALS)}-trial run itself: leave it out of --sizes`);
  checkDisk(tmpdir(), sizes, !!o.huge);
  const dir = mkdtempSync(join(tmpdir(), "lineage-bench-"));
  const cleanUp = async () => {
    await closeBrowser();
    await stopAllServers();
    closeConnections();
    if (o.keep) say(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    say(`${signal}: stopping the servers and cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const figures: Figure[] = [];
  const record = (f: Figure) => {
    figures.push(f);
    out(`${f.line}\n`);
    return f;
  };
  const wanted = (id: string) => !o.only || o.only.includes(id);
  const attempt = async (id: string, what: string, goal: string, measure: () => Promise<Figure>) => {
    if (!wanted(id)) return;
    try {
      return record(await measure());
    } catch (e) {
      return record(failedFigure(id, what, goal, e));
    }
  };
  let fatal: string | undefined;

  try {
    say(`sizes ${sizes.map((s) => fmt(s)).join(", ")}${o.huge ? ` and ${fmt(HUGE_TRIALS)} (P13)` : ""}${o.quick ? " (quick)" : ""}; data in ${dir}`);
    ensureBuild(say);
    const dbPath = join(dir, "lineage.db");
    const rawPath = join(dir, "raw.db");
    const emptyPath = join(dir, "empty.db");

    // P1 also fills the database every later figure reads.
    const appDb = openDatabase(dbPath, { migrationsFolder: MIGRATIONS_FOLDER });
    const rawDb = openDatabase(rawPath, { migrationsFolder: MIGRATIONS_FOLDER });
    let p1: Figure;
    try {
      p1 = record(await measureP1(appDb, rawDb, sizes, say));
    } finally {
      appDb.$client.close();
      rawDb.$client.close();
      for (const suffix of ["", "-wal", "-shm"]) rmSync(rawPath + suffix, { force: true });
    }
    openDatabase(emptyPath, { migrationsFolder: MIGRATIONS_FOLDER }).$client.close();
    const stored = sizes.reduce((a, b) => a + b, BATCH);

    await attempt("P12", "cold start", "<= 5000 ms", () => measureP12({ dbPath, emptyDbPath: emptyPath, trials: stored, reps: reps.p12, logDir: dir }));

    // After P12, so its cold start sees the database as before; read only by P7 and P8.
    const pageRuns = storePageRuns(dbPath, sizes);

    const server = await startServer(dbPath, join(dir, "serve.log"));
    await waitFor200(server, "/api/health");
    const serverPid = nextServerPid(server);
    say(`serving ${server.base} (serve pid ${server.proc.pid}, next pid ${serverPid}); warming up`);
    await warmUp(server, sizes.map(runIdOf));
    const big = runIdOf(largest);

    await attempt("P3", "trial detail", "p50 <= no-op + 2 ms", () => measureP3(server.base, big, largest, reps.p3));
    await attempt("P4", "trials list first page", "<= 1.5x; <= 200 KB", () =>
      measureP4(
        server.base,
        sizes.map((size) => ({ size, runId: runIdOf(size) })),
        reps.p4,
      ),
    );
    await attempt("P11", "server memory", "<= +10%, <= 500 MB", () => measureP11(server.base, serverPid, big, largest, reps.p11));
    await attempt("P9", "reads under writes", "p95 <= 2x idle; no busy error", () =>
      measureP9({ base: server.base, dbPath, runId: big, trials: largest, rounds: reps.p9Rounds, readsPerRound: reps.p9Reads }),
    );
    await attempt("P2", "ingest over HTTP", ">= 0.4x raw", () => measureP2(server.base, p1.baseline!, reps.p2Batches));

    // The reads behind the pages and the pages themselves, last: a browser loading a 100k-trial
    // lineage must not change what the memory and concurrency figures above see.
    await attempt("P5", "score-curve data", "<= 2,000 points, frontier kept; p95 <= 50 ms", () => measureP5(server.base, largest, reps.p5));
    const browser = ["P6", "P7", "P8"].some(wanted) ? (say(`launching chromium for the page figures`), await launchBrowser()) : undefined!;
    await attempt("P8", "diff view", "8 KB <= 100 ms; large ones capped, <= 500 ms", () => measureP8(browser, server.base, pageRuns.diffRunId, reps.pages));
    await attempt("P6", "run page to curve drawn", "10k < 1.5 s, 100k < 3 s", () =>
      measureP6(
        browser,
        server.base,
        sizes.map((size) => ({ size, runId: runIdOf(size) })),
        reps.pages,
      ),
    );
    const views = [LINEAGE_VIEW_SIZE, ...(largest > LINEAGE_VIEW_SIZE ? [largest] : [])];
    await attempt("P7", "lineage view", "interactive < 2 s; ancestors <= 20 ms", () =>
      measureP7(browser, server.base, {
        views: views.map((size) => ({ size, runId: size === LINEAGE_VIEW_SIZE ? pageRuns.lineageRunId : runIdOf(size) })),
        chain: { runId: big, size: largest },
        reps: reps.pages,
        ancestorReps: reps.ancestors,
      }),
    );
    await closeBrowser();
    await server.stop();

    // Last: the million goes into the same database, so no figure above sees it.
    if (o.huge) {
      await attempt("P13", `${fmt(HUGE_TRIALS)}-trial run`, "every read <= 1.5x its 1k figure; ingest <= 15 min", () =>
        measureP13({
          dir,
          dbPath,
          emptyDbPath: emptyPath,
          smallSize: sizes[0],
          trials: HUGE_TRIALS,
          p1,
          reps: o.quick ? P13_REPS.quick : P13_REPS.full,
          launch: launchBrowser,
          say,
        }),
      );
      await closeBrowser();
    }
  } catch (e) {
    fatal = (e as Error).message ?? String(e);
    say(`stopped by an error: ${fatal}`);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await cleanUp();
  }

  const byId = Object.fromEntries(figures.map(({ id, line: _line, ...rest }) => [id, rest]));
  const met = figures.filter((f) => f.met).map((f) => f.id);
  const notMet = figures.filter((f) => !f.met).map((f) => f.id);
  say(`goals met: ${met.join(", ") || "none"}; not met: ${notMet.join(", ") || "none"}`);
  out(
    JSON.stringify({
      bench: "lineage",
      at: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      sizes,
      quick: o.quick,
      huge: !!o.huge,
      allMet: notMet.length === 0 && !fatal,
      ...(fatal ? { error: fatal } : {}),
      figures: byId,
    }) + "\n",
  );
  return fatal || figures.some((f) => f.error) ? 1 : 0;
}
