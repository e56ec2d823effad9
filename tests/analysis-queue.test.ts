// The audit analyses bulk ingest queues are worked off beside it: by the runner daemon's worker (in
// its own process when `lineage serve` runs), and by `lineage import` once its records are in.
import Database from "better-sqlite3";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { parseTraceText } from "../lib/domain/jsonl";
import { analyseAllQueued, analyseQueuedBatch } from "../lib/services/analysis-queue";
import { ingestTrace } from "../lib/services/ingest-trace";
import { getTrialAudit } from "../lib/services/audit-findings";
import { getRunPayoff } from "../lib/services/run-payoff";
import { AnalysisWorker, type AnalysisWorkerOptions } from "../lib/runner/analysis-worker";
import { postTrace, runCli, startServer, type TestServer } from "./support/server";
import { tempDb, tempDir } from "./support/temp-db";
import { agent, run, task, toJsonl, trial } from "./support/traces";

const EVAL_DIFF = "--- a/train.py\n+++ b/train.py\n@@ -1 +1 @@\n-x = 1\n+loader = open_split(val_data)\n";
const DOMAINS = [{ name: "evaluation", patterns: ["\\bval_data\\b"] }];

function traceOf(n: number): unknown[] {
  const out: unknown[] = [task("golf", { domains: DOMAINS }), run(), agent()];
  for (let i = 1; i <= n; i++) out.push(trial(`t${i}`, { parentIds: i === 1 ? [] : [`t${i - 1}`], score: 2 - i / 1e4, diff: i % 2 ? EVAL_DIFF : undefined }));
  return out;
}

const counts = (db: Database.Database) =>
  db.prepare("SELECT (SELECT count(*) FROM analysis_queue) AS queued, (SELECT count(*) FROM trial_analyses) AS analysed").get() as {
    queued: number;
    analysed: number;
  };

async function until(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const evaluationFindings = (db: Database.Database, id: string) =>
  (JSON.parse((db.prepare("SELECT findings FROM trial_analyses WHERE trial_id = ?").get(id) as { findings: string }).findings) as { kind: string }[]).filter(
    (f) => f.kind === "evaluation_code",
  ).length;

/** Runs `body` while a worker works the queue off, and stops the worker after, whatever happened. */
async function withWorker(o: AnalysisWorkerOptions, body: (worker: AnalysisWorker) => Promise<void>): Promise<void> {
  const worker = new AnalysisWorker(o);
  worker.start();
  try {
    await body(worker);
  } finally {
    await worker.stop();
  }
}

describe("the analysis worker", () => {
  let t: ReturnType<typeof tempDb> | undefined;
  afterEach(() => t?.cleanup());

  it("works off a queue of several batches and then waits for more", async () => {
    t = tempDb();
    const db: Db = t.db;
    ingestTrace(db, parseTraceText(toJsonl(traceOf(450))), { logTailChars: 1000 });
    expect(counts(db.$client)).toEqual({ queued: 450, analysed: 0 });
    await withWorker({ db, pollMs: 50 }, async (worker) => {
      await until(() => counts(db.$client).queued === 0, 20_000);
      expect(counts(db.$client)).toEqual({ queued: 0, analysed: 450 });
      expect(evaluationFindings(db.$client, "t1")).toBe(1);
      expect(evaluationFindings(db.$client, "t2")).toBe(0);
      ingestTrace(db, parseTraceText(toJsonl([trial("t451", { parentIds: ["t450"], score: 1, diff: EVAL_DIFF })])), { logTailChars: 1000 });
      await until(() => counts(db.$client).queued === 0, 5_000);
      expect(worker.analysed).toBe(451);
    });
  });
});

/** Writes `sql` past the store's own triggers, as a program other than Lineage could have. */
function writeAsAnotherProgram(db: Database.Database, sql: string): void {
  const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'trials'").all() as { name: string; sql: string }[];
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
  db.exec(sql);
  for (const t of triggers) db.exec(t.sql);
}

describe("a batch of the queue", () => {
  let t: ReturnType<typeof tempDb> | undefined;
  afterEach(() => t?.cleanup());

  it("stores a trial whose analysis fails as not analysed, says which, and goes on with the others", async () => {
    t = tempDb();
    const db: Db = t.db;
    ingestTrace(db, parseTraceText(toJsonl(traceOf(5))), { logTailChars: 1000 });
    // a diff that is not text (a blob): the audit's patterns cannot read it
    writeAsAnotherProgram(db.$client, "UPDATE trials SET diff = X'00ff0102' WHERE id = 't1'");
    const logged: string[] = [];
    await withWorker({ db, pollMs: 50, log: (line) => logged.push(line) }, () => until(() => counts(db.$client).queued === 0, 5_000));
    expect(counts(db.$client)).toEqual({ queued: 0, analysed: 5 });
    expect(evaluationFindings(db.$client, "t3")).toBe(1);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/the audit analysis of trial "t1" failed .*stored as not analysed/);
    // the trial's audit says its checks did not run: a finding to review, not a silent pass
    const audit = getTrialAudit(db, "t1");
    expect(audit.findings.map((f) => f.kind)).toContain("analysis_failed");
    expect(audit.findings.find((f) => f.kind === "analysis_failed")!.severity).toBe("legality");
  });

  it("a view of such a trial, still queued, shows it as not analysed instead of failing", () => {
    t = tempDb();
    ingestTrace(t.db, parseTraceText(toJsonl(traceOf(2))), { logTailChars: 1000 });
    writeAsAnotherProgram(t.db.$client, "UPDATE trials SET diff = X'00ff0102' WHERE id = 't1'");
    expect(getTrialAudit(t.db, "t1").findings.map((f) => f.kind)).toEqual(["analysis_failed"]);
    expect(counts(t.db.$client).queued).toBe(1); // t2; t1 was analysed (as failed) on the view
  });

  it("ends once it has read its characters of diff, so many large diffs are never in memory at once", () => {
    t = tempDb();
    const big = `--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n-a\n+${"b".repeat(100)}\n`;
    const trace: unknown[] = [task("golf", { domains: DOMAINS }), run(), agent()];
    for (let i = 1; i <= 3; i++) trace.push(trial(`t${i}`, { parentIds: i === 1 ? [] : [`t${i - 1}`], score: 2 - i / 10, diff: big }));
    ingestTrace(t.db, parseTraceText(toJsonl(trace)), { logTailChars: 1000 });
    const maxChars = big.length + 1; // two diffs reach it
    expect(analyseQueuedBatch(t.db, { maxChars })).toBe(2);
    expect(counts(t.db.$client)).toEqual({ queued: 1, analysed: 2 });
    expect(analyseQueuedBatch(t.db, { maxChars })).toBe(1);
    expect(analyseQueuedBatch(t.db, { maxChars })).toBe(0);
  });
});

describe("what paid off, while analyses are queued", () => {
  let t: ReturnType<typeof tempDb> | undefined;
  afterEach(() => t?.cleanup());

  it("counts a queued trial under its declared domain, says how many are pending, and uses the analysis once it is in", () => {
    t = tempDb();
    const trace = [task("golf", { domains: DOMAINS }), run(), agent(), trial("t1", { parentIds: [], score: 2 })];
    trace.push(trial("t2", { parentIds: ["t1"], score: 1, diff: EVAL_DIFF, domain: "arch" }));
    ingestTrace(t.db, parseTraceText(toJsonl(trace)), { logTailChars: 1000 });
    const before = getRunPayoff(t.db, "run-1", "domain");
    expect(before.analysisPending).toBe(2);
    expect(before.groups.map((g) => g.key)).toContain("arch");
    analyseAllQueued(t.db);
    const after = getRunPayoff(t.db, "run-1", "domain");
    expect(after.analysisPending).toBe(0);
    expect(after.groups.map((g) => g.key)).toContain("evaluation");
    expect(after.groups.map((g) => g.key)).not.toContain("arch");
  });
});

describe("beside the server and the CLI", () => {
  let server: TestServer | undefined;
  let dir: ReturnType<typeof tempDir> | undefined;
  afterEach(async () => {
    await server?.stop();
    dir?.cleanup();
  });

  it("a trace posted to `lineage serve` is analysed by its runner daemon, not in the request", async () => {
    dir = tempDir();
    const dbPath = join(dir.dir, "served.db");
    server = await startServer(dbPath);
    expect((await postTrace(server.url, toJsonl(traceOf(30)))).status).toBe(201);
    const db = new Database(dbPath, { readonly: true });
    try {
      await until(() => counts(db).queued === 0, 20_000);
      expect(counts(db)).toEqual({ queued: 0, analysed: 30 });
      expect(evaluationFindings(db, "t29")).toBe(1);
    } finally {
      db.close();
    }
  }, 60_000);

  it("`lineage import` of a trace leaves nothing owed", async () => {
    dir = tempDir();
    const dbPath = join(dir.dir, "cli.db");
    const res = await runCli(["import", "-", "--db", dbPath], { input: toJsonl(traceOf(20)) });
    expect(res.code).toBe(0);
    const db = new Database(dbPath, { readonly: true });
    try {
      expect(counts(db)).toEqual({ queued: 0, analysed: 20 });
    } finally {
      db.close();
    }
  });
});
