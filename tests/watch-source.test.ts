// watchSource follows a real results.tsv while rows are appended to it: each complete row lands
// once, a half-written row waits for its newline, stopping and restarting writes nothing twice,
// the run is live while followed and paused after, and a truncated file is reported.
import { appendFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listRuns } from "../lib/services/catalog";
import { listTrials } from "../lib/services/trials";
import { watchSource, type WatchEvent } from "../lib/services/watch-source";
import { tempDb } from "./support/temp-db";

const HEADER = "commit\tval_bpb\tmemory_gb\tstatus\tdescription\n";
const row = (n: number, bpb: number, status: string, what: string) => `c${String(n).padStart(6, "0")}\t${bpb.toFixed(6)}\t44.0\t${status}\t${what}\n`;

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("watchSource (autoresearch)", () => {
  let t: ReturnType<typeof tempDb>;
  let file: string;
  beforeEach(() => {
    t = tempDb();
    const dir = join(t.path, "..", "mylab");
    mkdirSync(dir);
    file = join(dir, "results.tsv");
  });
  afterEach(() => t.cleanup());

  function start() {
    const events: WatchEvent[] = [];
    const stop = new AbortController();
    const done = watchSource(t.db, {
      path: file,
      options: { format: "autoresearch", strict: false },
      logTailChars: 10_000,
      intervalMs: 25,
      signal: stop.signal,
      onEvent: (e) => events.push(e),
    });
    return { events, stop: async () => (stop.abort(), done) };
  }
  const trials = (runId: string) => listTrials(t.db, runId, { limit: 200, sort: "seq" }).items;
  const runOf = (runId: string) => listRuns(t.db).find((r) => r.id === runId)!;

  it("imports rows as they are appended, once each, across a restart", async () => {
    writeFileSync(file, HEADER);
    const first = start();
    await until("the wait for a first row", () => first.events.some((e) => e.event === "waiting"));
    appendFileSync(file, row(1, 1.5, "keep", "baseline"));
    await until("the baseline", () => first.events.some((e) => e.event === "imported"));
    const runId = (first.events.find((e) => e.event === "imported") as { runId: string }).runId;
    expect(runOf(runId).status).toBe("running");
    expect(runOf(runId).name).toBe("mylab");

    appendFileSync(file, row(2, 1.45, "keep", "lr 0.04") + row(3, 1.47, "discard", "gelu"));
    appendFileSync(file, "c000004\t1.44"); // half-written: waits for the rest of its line
    await until("rows 2 and 3", () => trials(runId).length === 3);
    await new Promise((r) => setTimeout(r, 150));
    expect(trials(runId).length).toBe(3);
    appendFileSync(file, "0000\t44.0\tkeep\twider mlp\n");
    await until("row 4", () => trials(runId).length === 4);
    expect(trials(runId).map((x) => x.hypothesis)).toEqual(["baseline", "lr 0.04", "gelu", "wider mlp"]);
    expect((await first.stop()).runId).toBe(runId);
    expect(runOf(runId).status).toBe("paused");

    // Rows appended while nobody watches arrive on restart; nothing is written twice.
    appendFileSync(file, row(5, 0, "crash", "double width (OOM)"));
    const second = start();
    await until("row 5", () => trials(runId).length === 5);
    expect(runOf(runId).status).toBe("running");
    expect(second.events.filter((e) => e.event === "imported").map((e) => (e as { created: number }).created)).toEqual([1]);
    expect(runOf(runId).summary).toMatchObject({ trialCount: 5, bestScore: 1.44 });
    await second.stop();
    expect(listRuns(t.db)).toHaveLength(1);
  });

  it("reports a file truncated under it and keeps what it recorded", async () => {
    writeFileSync(file, HEADER + row(1, 1.5, "keep", "baseline") + row(2, 1.45, "keep", "lr") + row(3, 1.46, "discard", "x"));
    const w = start();
    await until("the first look", () => w.events.some((e) => e.event === "imported"));
    const runId = (w.events.find((e) => e.event === "imported") as { runId: string }).runId;
    writeFileSync(file, HEADER + row(1, 1.5, "keep", "baseline"));
    await until("the truncation report", () => w.events.some((e) => e.event === "rewritten"));
    expect(w.events.find((e) => e.event === "rewritten")).toMatchObject({ how: "truncated", runId, rows: 1 });
    await w.stop();
    expect(trials(runId)).toHaveLength(3);
  });

  it("refuses a format it cannot follow, naming those it can", async () => {
    const stop = new AbortController();
    await expect(
      watchSource(t.db, { path: file, options: { format: "shinka", strict: false }, logTailChars: 1, intervalMs: 10, signal: stop.signal, onEvent: () => {} }),
    ).rejects.toThrow(/watch follows autoresearch, openevolve, aide; shinka is imported with lineage import --from/);
  });
});
