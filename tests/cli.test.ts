// The `lineage` command as a user runs it: clear messages, non-zero exits, nothing half-stored.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fingerprint } from "./support/fingerprint";
import { runCli } from "./support/server";
import { tempDir } from "./support/temp-db";
import { smallTrace, toJsonl, trial } from "./support/traces";

let dir: ReturnType<typeof tempDir>;
let db: string;
beforeAll(() => {
  dir = tempDir();
  db = join(dir.dir, "cli.db");
});
afterAll(() => dir.cleanup());

describe("lineage import", () => {
  it("imports a file and reports what it stored", async () => {
    const file = join(dir.dir, "small.jsonl");
    writeFileSync(file, toJsonl(smallTrace()));
    const r = await runCli(["import", file, "--db", db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("stored: 1 task, 1 run, 2 agents, 4 trials, 1 verdict, 1 event");
    const again = await runCli(["import", file, "--db", db]);
    expect(again.stdout).toContain("already stored, unchanged: 1 task, 1 run, 2 agents, 4 trials, 1 verdict, 1 event");
  });

  it("reads standard input with -", async () => {
    const r = await runCli(["import", "-", "--db", db], { input: toJsonl([trial("stdin-1", { parentIds: ["t1"], score: 1.1 })]) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("stored: 1 trial");
  });

  it("honours LINEAGE_DB like --db", async () => {
    const other = join(dir.dir, "env.db");
    const r = await runCli(["import", "-"], { input: toJsonl(smallTrace()), env: { LINEAGE_DB: other } });
    expect(r.code).toBe(0);
    expect(fingerprint(other)).toContain("trials:");
  });

  it("refuses a bad line with its number and path, exits non-zero and stores nothing", async () => {
    const before = fingerprint(db);
    const r = await runCli(["import", "-", "--db", db], {
      input: toJsonl([trial("ok-1", { parentIds: ["t1"], score: 1 }), trial("bad-1", { parentIds: ["t1"], score: "x" })]),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^lineage import: line 2: field score: .*\[invalid_input\]/);
    expect(fingerprint(db)).toBe(before);
  });

  it("refuses invalid UTF-8 in a file with its line", async () => {
    const file = join(dir.dir, "bad-utf8.jsonl");
    writeFileSync(file, Buffer.concat([Buffer.from(toJsonl([trial("u", { parentIds: ["t1"] })])), Buffer.from([0xc3, 0x28, 0x0a])]));
    const r = await runCli(["import", file, "--db", db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("line 2: not valid UTF-8");
  });

  it("explains a missing file and a missing argument", async () => {
    expect((await runCli(["import", join(dir.dir, "nope.jsonl"), "--db", db])).stderr).toMatch(/no such file/);
    const r = await runCli(["import", "--db", db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/give one trace file/);
  });
});

describe("lineage export and verify", () => {
  it("exports a run to a file that imports unchanged elsewhere", async () => {
    const out = join(dir.dir, "run-1.jsonl");
    expect((await runCli(["export", "run-1", "-o", out, "--db", db])).code).toBe(0);
    const copy = join(dir.dir, "copy.db");
    expect((await runCli(["import", out, "--db", copy])).code).toBe(0);
    const again = await runCli(["export", "run-1", "--db", copy]);
    expect(again.stdout).toBe(readFileSync(out, "utf8"));
  });

  it("verifies an intact chain with exit 0, and an unknown run with a message", async () => {
    const ok = await runCli(["verify", "run-1", "--db", db]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/run run-1: chain intact \(5 evaluated trials/);
    const missing = await runCli(["verify", "ghost", "--db", db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('run "ghost" does not exist');
  });

  it("names the first broken trial after a hand edit, with exit 1", async () => {
    const Database = (await import("better-sqlite3")).default;
    const raw = new Database(db);
    raw.exec("DROP TRIGGER trials_outcome_immutable");
    raw.prepare("UPDATE trials SET hypothesis = 'rewritten' WHERE id = 't2'").run();
    raw.close();
    const r = await runCli(["verify", "run-1", "--db", db]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/chain BROKEN at trial t2 \(seq 3\)/);
  });

  it("answers an unknown command with usage and exit 2", async () => {
    const r = await runCli(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command "frobnicate"[\s\S]*usage: lineage/);
  });
});
