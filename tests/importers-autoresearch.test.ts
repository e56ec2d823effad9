// The autoresearch importer: derived lineage, status words in any case, crashes, odd columns,
// diffs from --repo, and the real logs in ../shared/fixtures/autoresearch.
import { execFileSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importSource } from "../lib/importers/import-source";
import type { ImportOptions } from "../lib/importers/options";
import { getRunDetail } from "../lib/services/catalog";
import { getTrial } from "../lib/services/trials";
import { fingerprint } from "./support/fingerprint";
import { hasSharedFixtures, sharedFixture, tsvRecords } from "./support/shared-fixtures";
import { tempDb, tempDir } from "./support/temp-db";

const SMALL = join(import.meta.dirname, "fixtures/importers/autoresearch/results.tsv");
let store: ReturnType<typeof tempDb>;
beforeEach(() => (store = tempDb()));
afterEach(() => store.cleanup());

const run = (path: string, options: Partial<ImportOptions> = {}) =>
  importSource(store.db, { path, options: { format: "autoresearch", strict: false, ...options }, logTailChars: 65536 });
const trialAt = (runId: string, sourceId: string) => getTrial(store.db, `${runId}/${sourceId}`) as any;

describe("autoresearch importer, small fixture", () => {
  it("derives lineage from the keeps and maps statuses in any case", () => {
    const r = run(SMALL);
    const id = r.run.id;
    expect(r.trials).toMatchObject({ total: 9, kept: 3 });
    expect(r.trials.byLabel).toEqual({ crash: 1 });
    expect(trialAt(id, "r1-aaaa001")).toMatchObject({ parentIds: [], score: 1.5, kept: true });
    expect(trialAt(id, "r2-aaaa002")).toMatchObject({ parentIds: [`${id}/r1-aaaa001`], kept: true, hypothesis: "raise lr to 0.04 — faster" });
    expect(trialAt(id, "r3-aaaa003")).toMatchObject({ parentIds: [`${id}/r2-aaaa002`], kept: false, hypothesis: "<script>alert(1)</script> swap to GeLU" });
    const crash = trialAt(id, "r4-aaaa004");
    expect(crash).toMatchObject({ failure: "crash", parentIds: [`${id}/r2-aaaa002`], extra: { status: "CRASH", rawScore: 0 } });
    expect(crash.score ?? null).toBeNull();
    // a repeated commit id is another trial: ids come from the row position too
    expect(trialAt(id, "r5-aaaa004")).toMatchObject({ score: 1.47, kept: true, metrics: { memory_gb: 47, artifact_mb: 12.1 } });
    expect(trialAt(id, "r6-aaaa005")).toMatchObject({ parentIds: [`${id}/r5-aaaa004`], kept: false, extra: { status: "tentative" } });
    expect(trialAt(id, "r6-aaaa005").metrics).toEqual({ artifact_mb: 12 });
    expect(r.unknownStatuses).toEqual(["tentative", "new_best"]);
    expect(trialAt(id, "r9-aaaa008").hypothesis).toBe("思考 longer warmup");
  });

  it("keeps malformed rows with their mark and what could be read", () => {
    const r = run(SMALL);
    expect(r.malformedRows).toBe(2);
    expect(trialAt(r.run.id, "r7-aaaa006").extra).toMatchObject({ malformedSourceRow: true, malformedReason: expect.stringContaining('val_bpb="FAIL"') });
    const short = trialAt(r.run.id, "r8-aaaa007");
    expect(short).toMatchObject({ score: 1.46, extra: { malformedSourceRow: true, rawRow: "aaaa007\t1.460000\t44.0\tdiscard\tlost a tab: too few fields" } });
  });

  it("takes the metric and direction from the flags", () => {
    const r = run(SMALL, { metric: "memory_gb", maximize: true });
    expect(r.task).toMatchObject({ metric: "memory_gb", direction: "maximize" });
    expect(trialAt(r.run.id, "r1-aaaa001").score).toBe(44);
  });

  it("--strict refuses, listing every problem; nothing is written", () => {
    const before = fingerprint(store.path);
    expect(() => run(SMALL, { strict: true })).toThrow(/4 problems[\s\S]*results.tsv:7:[\s\S]*results.tsv:8:[\s\S]*results.tsv:9:[\s\S]*results.tsv:10:/);
    expect(fingerprint(store.path)).toBe(before);
  });

  it("re-importing is idempotent", () => {
    run(SMALL);
    const again = run(SMALL);
    expect(again.alreadyImported).toBe(true);
  });

  it("--repo takes each row's diff from its commit when the commit exists", () => {
    const repo = tempDir("lineage-git-");
    try {
      const git = (...a: string[]) => execFileSync("git", ["-C", repo.dir, "-c", "user.name=t", "-c", "user.email=t@t", ...a], { encoding: "utf8" });
      git("init", "-q");
      writeFileSync(join(repo.dir, "train.py"), "lr = 0.02\n");
      git("add", "train.py");
      git("commit", "-qm", "base");
      writeFileSync(join(repo.dir, "train.py"), "lr = 0.04\n");
      git("commit", "-qam", "raise lr");
      const [second, first] = git("log", "--format=%h").trim().split("\n");
      const tsv = join(repo.dir, "results.tsv");
      writeFileSync(tsv, `commit\tval_bpb\tstatus\tdescription\n${first}\t1.5\tkeep\tbaseline\n${second}\t1.4\tkeep\traise lr\nfeedbee\t1.6\tdiscard\tlost commit\n`);
      const r = run(tsv, { repo: repo.dir });
      expect(trialAt(r.run.id, `r2-${second}`).diff).toContain("-lr = 0.02\n+lr = 0.04");
      expect(trialAt(r.run.id, "r3-feedbee").diff).toBeUndefined();
      expect(r.notes).toContain("--repo: diffs found for 2 of 3 commit ids");
    } finally {
      repo.cleanup();
    }
  });
});

describe.skipIf(!hasSharedFixtures)("autoresearch importer, real logs", () => {
  const files = hasSharedFixtures ? readdirSync(sharedFixture("autoresearch")).filter((f) => f.endsWith(".tsv")) : [];
  for (const f of files) {
    it(`${f}: trial, keep and crash counts match the file`, () => {
      const rows = tsvRecords(sharedFixture("autoresearch", f));
      const r = run(sharedFixture("autoresearch", f));
      const s = getRunDetail(store.db, r.run.id).summary;
      expect(s.trialCount).toBe(rows.length);
      expect(s.keptCount).toBe(rows.filter((x) => x.status.toLowerCase() === "keep").length);
      expect(s.failures.crash ?? 0).toBe(rows.filter((x) => x.status.toLowerCase() === "crash").length);
    });
  }
});
