// `lineage watch` as a user runs it: a real results.tsv appended to while the command follows it,
// its JSON lines read as they come, SIGTERM to stop (or SIGKILL), and a restart that writes nothing twice.
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/server";
import { tempDir } from "./support/temp-db";
import { watchProcess } from "./support/watch-process";

const HEADER = "commit\tval_bpb\tmemory_gb\tstatus\tdescription\n";
const row = (n: number, bpb: number, status: string, what: string) => `c${n}\t${bpb.toFixed(6)}\t44.0\t${status}\t${what}\n`;

const watch = (db: string, file: string) => watchProcess(db, "autoresearch", file);

describe("lineage watch", () => {
  let dir: ReturnType<typeof tempDir>;
  beforeAll(() => (dir = tempDir()));
  afterAll(() => dir.cleanup());

  it("follows appended rows, stops on SIGTERM, and resumes without writing twice", async () => {
    const db = join(dir.dir, "watch.db");
    mkdirSync(join(dir.dir, "nightly"));
    const file = join(dir.dir, "nightly", "results.tsv");
    writeFileSync(file, HEADER + row(1, 1.5, "keep", "baseline"));
    const first = watch(db, file);
    await first.until("first import", () => first.events().some((e) => e.event === "imported"));
    appendFileSync(file, row(2, 1.45, "keep", "lr 0.04") + row(3, 0, "crash", "oom"));
    await first.until(
      "rows 2 and 3",
      () =>
        first
          .events()
          .filter((e) => e.event === "imported")
          .reduce((n, e) => n + e.created, 0) === 3,
    );
    expect(await first.stop()).toBe(0);
    const stopped = first.events().at(-1)!;
    expect(stopped).toMatchObject({ event: "stopped", runId: expect.stringMatching(/^autoresearch-/) });

    appendFileSync(file, row(4, 1.44, "keep", "wider"));
    const second = watch(db, file);
    await second.until("row 4", () => second.events().some((e) => e.event === "imported"));
    expect(second.events().filter((e) => e.event === "imported")).toEqual([expect.objectContaining({ runId: stopped.runId, created: 1, total: 4 })]);
    expect(await second.stop()).toBe(0);

    const verify = await runCli(["export", stopped.runId, "--db", db]);
    const trials = verify.stdout.split("\n").filter((l) => l.includes('"type":"trial"'));
    expect(trials).toHaveLength(4);
  }, 90_000);

  it("is killed (SIGKILL) mid-follow, and a restart imports what it missed, nothing twice", async () => {
    const db = join(dir.dir, "watch-killed.db");
    mkdirSync(join(dir.dir, "killed"));
    const file = join(dir.dir, "killed", "results.tsv");
    writeFileSync(file, HEADER + row(1, 1.5, "keep", "baseline") + row(2, 1.45, "keep", "lr 0.04"));
    const first = watch(db, file);
    await first.until("first import", () => first.events().some((e) => e.event === "imported"));
    const runId = first.events().find((e) => e.event === "imported")!.runId as string;
    // rows appended as it dies: it may or may not have taken some of them
    appendFileSync(file, row(3, 0, "crash", "oom"));
    expect(await first.stop("SIGKILL")).toBeNull();
    appendFileSync(file, row(4, 1.44, "keep", "wider") + row(5, 1.43, "keep", "deeper"));

    const second = watch(db, file);
    await second.until("the rows it missed", () => second.events().some((e) => e.event === "imported" && e.total === 5));
    expect(second.events().filter((e) => e.event === "imported")).toEqual([expect.objectContaining({ runId, total: 5 })]);
    expect(await second.stop()).toBe(0);
    const trials = (await runCli(["export", runId, "--db", db])).stdout.split("\n").filter((l) => l.includes('"type":"trial"'));
    expect(trials).toHaveLength(5);
  }, 90_000);

  it("refuses a format it cannot follow and a bad interval, naming the flag", async () => {
    const shinka = await runCli(["watch", "--from", "shinka", dir.dir]);
    expect(shinka.code).toBe(2);
    expect(shinka.stderr).toContain("--from must be one of autoresearch");
    const interval = await runCli(["watch", "--from", "autoresearch", dir.dir, "--interval", "0"]);
    expect(interval.code).toBe(2);
    expect(interval.stderr).toContain("--interval must be seconds");
  });
});
