// `lineage … --json` as a program uses it: stdout is JSON only (one document per line), errors are
// {"error":{"code","message"}} on stderr, and the exit codes are those of the words form.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../db/client";
import { daemonLeases } from "../lib/services/runner-presence";
import { LINEAGE_BIN, freePort, runCli } from "./support/server";
import { MIGRATIONS, tempDir } from "./support/temp-db";
import { smallTrace, toJsonl, trial } from "./support/traces";

const REPO = join(import.meta.dirname, "..");
const PG_SMALL = join(import.meta.dirname, "fixtures/importers/recipes/pg_small");

let dir: ReturnType<typeof tempDir>;
let db: string;
beforeAll(() => {
  dir = tempDir();
  db = join(dir.dir, "json.db");
});
afterAll(() => dir.cleanup());

/** A database of its own with the small trace (run-1 of task golf) in it. */
async function withSmallTrace(name: string): Promise<string> {
  const file = join(dir.dir, name);
  const r = await runCli(["import", "-", "--db", file], { input: toJsonl(smallTrace()) });
  expect(r.code, r.stderr).toBe(0);
  return file;
}

/** Every line of stdout parsed; a line that is not JSON fails the test here. */
const lines = (stdout: string) =>
  stdout
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as any);

/** A one-answer command: exactly one JSON document on stdout, nothing on stderr. */
async function answer(args: string[], opts: { input?: string; code?: number } = {}) {
  const r = await runCli([...args, "--json"], { input: opts.input });
  expect(r.code, r.stderr).toBe(opts.code ?? 0);
  expect(r.stderr).toBe("");
  const docs = lines(r.stdout);
  expect(docs).toHaveLength(1);
  return docs[0];
}

/** A refusal: nothing on stdout, one JSON error object on stderr. */
async function refusal(args: string[], code: string, exit: number, opts: { input?: string } = {}) {
  const r = await runCli([...args, "--json"], { input: opts.input });
  expect(r.code, r.stderr).toBe(exit);
  expect(r.stdout).toBe("");
  const docs = lines(r.stderr);
  expect(docs).toHaveLength(1);
  expect(docs[0].error.code).toBe(code);
  expect(typeof docs[0].error.message).toBe("string");
  return docs[0].error;
}

describe("lineage --json: help and unknown commands", () => {
  it("lists every command as data, and answers a missing or unknown command with a usage error and exit 2", async () => {
    const help = await answer(["--help"]);
    expect(help.commands.map((c: { name: string }) => c.name).sort()).toEqual(
      ["audit", "backup", "bundle", "evaluate-job", "export", "import", "mcp", "reeval", "run", "serve", "task", "token", "user", "verify", "watch"].sort(),
    );
    expect(help.commands.find((c: { name: string }) => c.name === "verify").usage).toMatch(/^lineage verify RUN/);
    expect((await refusal([], "usage", 2)).message).toContain("give a command");
    const unknown = await refusal(["frobnicate"], "usage", 2);
    expect(unknown.message).toBe('unknown command "frobnicate"');
    expect(unknown.commands).toContain("import");
  });

  it("documents the shapes in --help", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--json (any command");
    expect(r.stdout).toContain('{"error":{"code","message",…}} on stderr');
  });
});

describe("lineage import/export/verify/backup --json", () => {
  let trace: string;
  beforeAll(() => {
    trace = join(dir.dir, "small.jsonl");
    writeFileSync(trace, toJsonl(smallTrace()));
  });

  it("import answers what it stored, by record type, and the runs; again, what was unchanged", async () => {
    const first = await answer(["import", trace, "--db", db]);
    expect(first).toEqual({
      created: { task: 1, run: 1, agent: 2, trial: 4, verdict: 1, event: 1 },
      unchanged: { task: 0, run: 0, agent: 0, trial: 0, verdict: 0, event: 0 },
      completed: 0,
      runs: ["run-1"],
    });
    const again = await answer(["import", trace, "--db", db]);
    expect(again.unchanged.trial).toBe(4);
    expect(again.created.trial).toBe(0);
  });

  it("import refuses a bad line with its code and exit 1, and a missing argument with usage and exit 2", async () => {
    const bad = await refusal(["import", "-", "--db", db], "invalid_input", 1, { input: toJsonl([trial("bad-1", { parentIds: ["t1"], score: "x" })]) });
    expect(bad.message).toMatch(/^line 1: field score/);
    const usage = await refusal(["import", "--db", db], "usage", 2);
    expect(usage.message).toBe("give one trace file, or - for standard input");
    expect(usage.usage).toMatch(/^lineage import FILE\|- /);
    expect((await refusal(["import", "--from", "nosuch", PG_SMALL, "--db", db], "usage", 2)).message).toMatch(/^--from must be one of/);
  });

  it("import --from answers the import report, with the noise floor it set", async () => {
    const other = join(dir.dir, "from.db");
    const report = await answer(["import", "--from", "recipes", PG_SMALL, "--noise-floor", "0.0002", "--db", other]);
    expect(report.format).toBe("recipes");
    expect(report.run).toMatchObject({ created: true });
    expect(report.task).toMatchObject({ id: "parameter-golf", created: true });
    expect(report.trials.total).toBe(15);
    expect(report.malformedRows).toBe(2);
    expect(report.alreadyImported).toBe(false);
    expect(report.noiseFloor).toEqual({ value: 0.0002, taskId: "parameter-golf", revision: 1 });
    const again = await answer(["import", "--from", "recipes", PG_SMALL, "--db", other]);
    expect(again.alreadyImported).toBe(true);
    expect(again.noiseFloor).toBeUndefined();
  });

  it("export keeps its JSON lines on stdout; with -o it answers what it wrote", async () => {
    const r = await runCli(["export", "run-1", "--db", db, "--json"]);
    expect(r.code).toBe(0);
    const records = lines(r.stdout);
    expect(records.map((x) => x.type)).toEqual(expect.arrayContaining(["task", "run", "agent", "trial", "verdict", "event"]));
    const file = join(dir.dir, "out.jsonl");
    const wrote = await answer(["export", "run-1", "-o", file, "--db", db]);
    expect(wrote).toEqual({ runId: "run-1", file, records: records.length, bytes: Buffer.byteLength(readFileSync(file)) });
    expect(readFileSync(file, "utf8")).toBe(r.stdout);
    expect((await refusal(["export", "nope", "--db", db], "not_found", 1)).message).toBe('run "nope" does not exist');
  });

  it("backup answers the file and its pages; an existing file is a usage error", async () => {
    const file = join(dir.dir, "copy.db");
    const b = await answer(["backup", file, "--db", db]);
    expect(b.file).toBe(file);
    expect(b.pages).toBeGreaterThan(0);
    expect((await refusal(["backup", file, "--db", db], "usage", 2)).message).toContain("a backup never overwrites a file");
  });

  it("verify answers the chain report: intact with exit 0, broken with exit 1 and the first break; an unknown run is not_found", async () => {
    const ok = await answer(["verify", "run-1", "--db", db]);
    expect(ok).toMatchObject({ runId: "run-1", intact: true, checked: 4 });
    expect(ok.head).toMatch(/^[0-9a-f]{64}$/);
    expect((await refusal(["verify", "nope", "--db", db], "not_found", 1)).message).toBe('run "nope" does not exist');

    const broken = join(dir.dir, "broken.db");
    await answer(["import", trace, "--db", broken]);
    const Database = (await import("better-sqlite3")).default;
    const raw = new Database(broken);
    raw.exec("DROP TRIGGER trials_outcome_immutable");
    raw.prepare("UPDATE trials SET hypothesis = 'rewritten' WHERE id = 't2'").run();
    raw.close();
    const bad = await answer(["verify", "run-1", "--db", broken], { code: 1 });
    expect(bad).toMatchObject({ runId: "run-1", intact: false, firstBreak: { trialId: "t2", seq: 3, reason: "hash_mismatch" } });
    const audit = await answer(["audit", "run-1", "--db", broken], { code: 1 });
    expect(audit.chain.intact).toBe(false);
  }, 120_000);
});

describe("lineage audit --json", () => {
  it("prints the report as data, or with -o what it wrote; md without -o is a usage error", async () => {
    const db = await withSmallTrace("audit.db");
    const report = await answer(["audit", "run-1", "--db", db]);
    expect(report.chain.intact).toBe(true);
    expect(report.chain).toMatchObject({ runId: "run-1", intact: true });
    const asJson = await runCli(["audit", "run-1", "--format", "json", "--db", db]);
    expect({ ...JSON.parse(asJson.stdout), generatedAt: report.generatedAt }).toEqual(report);

    const file = join(dir.dir, "audit.md");
    expect(await answer(["audit", "run-1", "-o", file, "--format", "md", "--db", db])).toEqual({ runId: "run-1", file, format: "md", intact: true });
    expect(readFileSync(file, "utf8")).toMatch(/^# /);
    expect((await refusal(["audit", "run-1", "--format", "md", "--db", db], "usage", 2)).message).toContain("give -o FILE");
    expect((await refusal(["audit", "nope", "--db", db], "not_found", 1)).message).toBe('run "nope" does not exist');
  }, 120_000);
});

describe("lineage user --json", () => {
  it("answers each verb with what it did, and refuses with codes and exit codes", async () => {
    const users = join(dir.dir, "users.db");
    expect(await answer(["user", "list", "--db", users])).toEqual({ users: [] });
    expect(await answer(["user", "add", "alice", "--role", "admin", "--db", users], { input: "correct horse battery\n" })).toEqual({
      user: "alice",
      role: "admin",
      signInRequired: true,
    });
    await answer(["user", "add", "bob", "--role", "viewer", "--db", users], { input: "another long password\n" });
    const list = await answer(["user", "list", "--db", users]);
    expect(list.users.map((u: { name: string; role: string }) => [u.name, u.role])).toEqual([
      ["alice", "admin"],
      ["bob", "viewer"],
    ]);
    expect(list.users[0].createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const token = await answer(["user", "token", "bob", "--label", "ci", "--db", users]);
    expect(token).toMatchObject({ user: "bob", role: "viewer", label: "ci" });
    expect(token.token).toMatch(/^lin_/);
    const tokens = await answer(["user", "tokens", "bob", "--db", users]);
    expect(tokens.user).toBe("bob");
    expect(tokens.tokens).toEqual([{ id: token.id, label: "ci", createdAt: expect.any(String), revokedAt: null }]);
    expect(JSON.stringify(tokens)).not.toContain(token.token);
    expect(await answer(["user", "revoke", "bob", "--token", token.id, "--db", users])).toEqual({ user: "bob", revoked: 1 });
    expect(await answer(["user", "role", "bob", "auditor", "--db", users])).toEqual({ user: "bob", from: "viewer", to: "auditor" });
    expect(await answer(["user", "password", "bob", "--db", users], { input: "a new long password\n" })).toEqual({ user: "bob", sessionsEnded: 0 });
    expect(await answer(["user", "remove", "bob", "--db", users])).toEqual({ user: "bob", sessionsEnded: 0, tokensRemoved: 1 });

    expect((await refusal(["user", "token", "nobody", "--db", users], "not_found", 1)).message).toBe('no user named "nobody"');
    expect((await refusal(["user", "remove", "alice", "--db", users], "conflict", 1)).message).toContain("only admin");
    expect((await refusal(["user", "role", "alice", "king", "--db", users], "usage", 2)).message).toContain("ROLE must be one of");
    expect((await refusal(["user", "frob", "--db", users], "usage", 2)).usage).toMatch(/^lineage user add NAME/);
  }, 180_000);
});

describe("lineage task --json", () => {
  it("show answers the settings and revisions; set answers the revision and its changes, or revision null", async () => {
    const db = await withSmallTrace("task.db");
    const shown = await answer(["task", "show", "golf", "--db", db]);
    expect(shown).toMatchObject({ taskId: "golf", revision: 0, revisions: [] });
    expect(shown.settings.direction).toBeDefined();
    const set = await answer(["task", "set", "golf", "--noise-floor", "0.01", "--gate", "accuracy>=0.9", "--actor", "carol", "--db", db]);
    expect(set).toMatchObject({
      taskId: "golf",
      revision: 1,
      actor: "carol",
      settings: { noiseFloor: 0.01, gates: [{ metric: "accuracy", op: ">=", value: 0.9 }] },
    });
    expect(Object.keys(set.changes).sort()).toEqual(["gates", "noiseFloor"]);
    expect(await answer(["task", "set", "golf", "--noise-floor", "0.01", "--db", db])).toMatchObject({ taskId: "golf", revision: null, changes: {} });
    const after = await answer(["task", "show", "golf", "--db", db]);
    expect(after.revision).toBe(1);
    expect(after.revisions).toEqual([expect.objectContaining({ revision: 1, actor: "carol" })]);

    expect((await refusal(["task", "set", "golf", "--noise-floor", "lots", "--db", db], "invalid_input", 1)).message).toBe(
      '--noise-floor "lots": not a number',
    );
    expect((await refusal(["task", "show", "nope", "--db", db], "not_found", 1)).message).toContain('"nope"');
    expect((await refusal(["task", "frob", "--db", db], "usage", 2)).message).toBe("task set TASK [settings] or task show TASK");
  }, 120_000);
});

describe("lineage mcp --json", () => {
  it("keeps stdout MCP's JSON-RPC, and a bad database is a JSON error before it starts", async () => {
    const init = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    };
    const r = await runCli(["mcp", "--db", db, "--json"], { input: JSON.stringify(init) + "\n" });
    expect(r.code).toBe(0);
    const [reply] = lines(r.stdout);
    expect(reply).toMatchObject({ jsonrpc: "2.0", id: 1, result: { serverInfo: expect.any(Object) } });

    const junk = join(dir.dir, "junk.db");
    writeFileSync(junk, "not a database, only words, long enough to have a header of sorts");
    expect((await refusal(["mcp", "--db", junk], "database_corrupt", 1)).message).toContain("is not an SQLite database");
  });
});

describe("lineage run / reeval --json", () => {
  let runs: string;
  let trialIds: string[] = [];

  it("run streams its progress as JSON lines and ends with the run's summary; reeval answers whether a trial reproduces", async () => {
    runs = join(dir.dir, "run.db");
    const r = await runCli(["run", "golf-mini", "--trials", "2", "--db", runs, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    const events = lines(r.stdout);
    const runId = events[0].runId;
    expect(events[0]).toEqual({ event: "started", runId, taskId: "golf-mini" });
    expect(events.filter((e) => e.event === "trial").map((e) => [e.runId, e.seq])).toEqual([
      [runId, 1],
      [runId, 2],
    ]);
    expect(events).toContainEqual({ event: "finished", runId, trials: 2 });
    const done = events.at(-1);
    expect(done).toMatchObject({ event: "done", runId, interrupted: false, run: { id: runId, taskId: "golf-mini", status: "finished" } });
    expect(done.run.summary).toBeDefined();

    const exported = lines((await runCli(["export", runId, "--db", runs])).stdout);
    const baseline = exported.find((x) => x.type === "trial" && x.seq === 1);
    trialIds = exported.filter((x) => x.type === "trial").map((x) => x.id);
    const again = await answer(["reeval", baseline.id, "--db", runs]);
    expect(again).toMatchObject({
      trialId: baseline.id,
      originalScore: baseline.score,
      score: baseline.score,
      withinTolerance: true,
      reproduces: true,
      actor: "cli",
    });
    expect(typeof again.requestId).toBe("string");

    expect((await refusal(["reeval", "no-such-trial", "--db", runs], "not_found", 1)).message).toContain("no-such-trial");
    expect((await refusal(["run", "golf-mini", "--feedback", "loud", "--db", runs], "usage", 2)).message).toBe(
      '--feedback must be lineage or none, not "loud"',
    );
  }, 180_000);

  it("run --daemon streams the re-evaluations it works as events", async () => {
    expect(trialIds).toHaveLength(2);
    const daemon = spawn(process.execPath, [LINEAGE_BIN, "run", "--daemon", "--json", "--db", runs], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    daemon.stderr.on("data", (d) => (stderr += d));
    const events: any[] = [];
    const closed = new Promise<void>((resolve) =>
      createInterface({ input: daemon.stdout })
        .on("line", (l) => events.push(JSON.parse(l)))
        .on("close", resolve),
    );
    const store = openDatabase(runs, { migrationsFolder: MIGRATIONS });
    try {
      // wait for its lease, so lineage reeval leaves the request to it instead of running it itself
      const deadline = Date.now() + 30_000;
      while (daemonLeases(store).length === 0 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
      expect(daemonLeases(store).length, stderr).toBeGreaterThan(0);
      const again = await answer(["reeval", trialIds[1], "--db", runs]);
      expect(again).toMatchObject({ trialId: trialIds[1], reproduces: true });
    } finally {
      store.$client.close();
      daemon.kill("SIGTERM");
      await closed;
    }
    expect(stderr).toBe("");
    expect(events).toContainEqual({ event: "reeval", id: expect.any(String), trialId: trialIds[1], status: "done", error: null });
  }, 120_000);
});

describe("lineage serve --json", () => {
  it("refuses a bad port with a usage error", async () => {
    expect((await refusal(["serve", "--port", "eighty", "--db", db], "usage", 2)).message).toBe('--port must be a number, not "eighty"');
  });

  it("prints JSON lines: where it serves, the web server's and runner's output as events, and its exit", async () => {
    const port = await freePort();
    const proc = spawn(process.execPath, [LINEAGE_BIN, "serve", "--db", db, "--port", String(port), "--json"], {
      cwd: REPO,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stderr = "";
    proc.stderr.on("data", (d) => (stderr += d));
    const events: any[] = [];
    const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
    const closed = new Promise<void>((resolve) =>
      createInterface({ input: proc.stdout })
        .on("line", (l) => events.push(JSON.parse(l)))
        .on("close", resolve),
    );
    try {
      const deadline = Date.now() + 30_000;
      let healthy = false;
      while (!healthy && Date.now() < deadline) {
        healthy = await fetch(`http://127.0.0.1:${port}/api/health`).then(
          (res) => res.ok,
          () => false,
        );
        if (!healthy) await new Promise((res) => setTimeout(res, 200));
      }
      expect(healthy, stderr).toBe(true);
    } finally {
      process.kill(-proc.pid!, "SIGTERM");
      await exited;
      await closed;
    }
    expect(stderr).toBe("");
    expect(events[0]).toEqual({ event: "serving", url: `http://127.0.0.1:${port}`, host: "127.0.0.1", port, db });
    expect(events.some((e) => e.event === "log" && e.source === "web" && typeof e.message === "string")).toBe(true);
    expect(events.at(-1)).toEqual({ event: "exit", code: expect.any(Number) });
  }, 60_000);
});
