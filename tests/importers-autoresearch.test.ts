// The autoresearch importer: derived lineage, status words in any case, crashes, odd columns,
// diffs from --repo, and the real logs in ../shared/fixtures/autoresearch.
import { execFileSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importSource } from "../lib/services/import-source";
import type { ImportOptions } from "../lib/importers/options";
import { getRunDetail } from "../lib/services/catalog";
import { getTrial } from "../lib/services/trials";
import { fingerprint } from "./support/fingerprint";
import { hasSharedFixtures, sharedFixture, tsvRecords } from "./support/shared-fixtures";
import { runCli } from "./support/server";
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
      writeFileSync(
        tsv,
        `commit\tval_bpb\tstatus\tdescription\n${first}\t1.5\tkeep\tbaseline\n${second}\t1.4\tkeep\traise lr\nfeedbee\t1.6\tdiscard\tlost commit\n`,
      );
      const r = run(tsv, { repo: repo.dir });
      expect(trialAt(r.run.id, `r2-${second}`).diff).toContain("-lr = 0.02\n+lr = 0.04");
      expect(trialAt(r.run.id, "r3-feedbee").diff).toBeUndefined();
      expect(r.notes).toContain("--repo: diffs found for 2 of 3 commit ids");
    } finally {
      repo.cleanup();
    }
  });
});

const THROUGHPUT = join(import.meta.dirname, "fixtures/importers/autoresearch/throughput/results.tsv");
const LATENCY = join(import.meta.dirname, "fixtures/importers/autoresearch/latency/results.tsv");

describe("autoresearch sentinel zeros (issue 10 §3)", () => {
  it("a metric of exactly 0 on a row that is not a keep is no score; the raw value stays in extra; the report counts them", () => {
    const r = run(THROUGHPUT);
    const id = r.run.id;
    for (const row of ["r3-b000003", "r7-b000007"]) {
      const t = trialAt(id, row);
      expect(t.score ?? null).toBeNull();
      expect(t.failure ?? null).toBeNull();
      expect(t.extra).toMatchObject({ rawScore: 0, noScore: expect.stringContaining("sentinel") });
    }
    expect(trialAt(id, "r6-b000006")).toMatchObject({ failure: "crash", extra: { rawScore: 0 } });
    expect(r.notes).toContain(
      '2 rows that are not a keep carry a metric of exactly 0 (autoresearch\'s "0.000000 for crashes" sentinel): no score, the raw value kept in extra.rawScore',
    );
    expect(r.trials.scored).toBe(5);
    const s = getRunDetail(store.db, id).summary;
    expect(s.bestScore).toBe(2.262);
    expect(s.improvementPct).toBeCloseTo(((2.262 - 0.761) / 0.761) * 100, 6);
  });

  it("a keep of exactly 0 stays a score", () => {
    const dir = tempDir();
    try {
      const f = join(dir.dir, "results.tsv");
      writeFileSync(f, "commit\tval_bpb\tmemory_gb\tstatus\tdescription\nk1\t0.5\t1.0\tkeep\tbaseline\nk2\t0.000000\t1.0\tkeep\ta perfect run\n");
      const r = run(f);
      expect(trialAt(r.run.id, "r2-k2").score).toBe(0);
      expect(r.notes.some((n) => n.includes("exactly 0"))).toBe(false);
    } finally {
      dir.cleanup();
    }
  });
});

describe("autoresearch metric direction (issue 10 §4)", () => {
  it("infers maximize from a throughput name and says why", () => {
    const r = run(THROUGHPUT);
    expect(r.task).toMatchObject({ metric: "tok_per_sec", direction: "maximize" });
    expect(r.notes.find((n) => n.startsWith("direction:"))).toBe(
      'direction: tok_per_sec is maximized because the name "tok_per_sec" says higher is better (3 of 3 steps between keep rows go up, 0 down)',
    );
  });

  it("infers the direction from the keep rows when the name does not say", () => {
    const r = run(LATENCY);
    expect(r.task).toMatchObject({ metric: "score", direction: "minimize" });
    expect(r.notes.find((n) => n.startsWith("direction:"))).toContain(
      'the name "score" does not say; the keep rows do: 0 of 3 steps between keep rows go up, 3 down',
    );
    expect(getRunDetail(store.db, r.run.id).summary.bestScore).toBe(61000.25);
  });

  it("--minimize and --maximize override the inference", () => {
    const r = run(THROUGHPUT, { maximize: false });
    expect(r.task.direction).toBe("minimize");
    expect(r.notes.find((n) => n.startsWith("direction:"))).toMatch(/because --minimize given/);
    const m = run(LATENCY, { maximize: true });
    expect(m.task.direction).toBe("maximize");
  });

  it("the CLI takes --minimize, --kind and --feedback, and refuses --maximize with --minimize", async () => {
    const dir = tempDir();
    try {
      const db = join(dir.dir, "l.db");
      const both = await runCli(["import", "--from", "autoresearch", THROUGHPUT, "--maximize", "--minimize", "--db", db]);
      expect(both.code).not.toBe(0);
      expect(both.stderr).toMatch(/--maximize or --minimize, not both/);
      const bad = await runCli(["import", "--from", "autoresearch", THROUGHPUT, "--kind", "nonsense", "--db", db]);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/--kind: /);
      const ok = await runCli(["import", "--from", "autoresearch", THROUGHPUT, "--minimize", "--kind", "control", "--feedback", "none", "--db", db]);
      expect(ok.stderr).toBe("");
      expect(ok.stdout).toMatch(/task: .* — tok_per_sec \(minimize\)/);
      expect(ok.stdout).toContain("note: direction: tok_per_sec is minimized because --minimize given");
      const runs = await runCli(["export", /run (\S+)/.exec(ok.stdout)![1], "--db", db]);
      expect(runs.stdout).toMatch(/"type":"run".*"kind":"control".*"feedback":"none"|"type":"run".*"feedback":"none".*"kind":"control"/);
    } finally {
      dir.cleanup();
    }
  });
});

/** The direction each real log's own SOURCES.md gives for its metric. */
const DOCUMENTED_DIRECTION: Record<string, "minimize" | "maximize"> = {
  "Blitzo125__autoresearch-results__results.tsv": "minimize",
  "EthanBobbyTR__mamba-auto-full__results.tsv": "minimize",
  "BDEvan5__credit-risk-ml__results.tsv": "maximize",
  "ChongHan__auto-microtune__results.tsv": "minimize",
  "ClayDong__books2skill__results.tsv": "maximize",
  "FM-gpt__llamacpp-autotune__results.tsv": "maximize",
  "AlexChen31337__qwen35-moe-offload__results.tsv": "maximize",
};

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

    it(`${f}: direction as documented, no sentinel zero counted as a score, best computed from the file`, () => {
      const rows = tsvRecords(sharedFixture("autoresearch", f));
      const r = run(sharedFixture("autoresearch", f));
      const direction = DOCUMENTED_DIRECTION[f];
      expect(direction, `add ${f} to DOCUMENTED_DIRECTION`).toBeDefined();
      expect(r.task.direction).toBe(direction);
      // The test's own reading: the scored rows are the numeric metric cells of rows that are not
      // crashes, less exact zeros on rows that are not keeps.
      const metric = r.task.metric;
      const scores = rows
        .filter((x) => x.status.toLowerCase() !== "crash")
        .map((x) => ({ v: Number((x[metric] ?? "").replace(/%+$/, "")), keep: x.status.toLowerCase() === "keep", raw: (x[metric] ?? "").trim() }))
        .filter((x) => /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?%*$/i.test(x.raw) && !(x.v === 0 && !x.keep))
        .map((x) => x.v);
      const s = getRunDetail(store.db, r.run.id).summary;
      expect(r.trials.scored).toBe(scores.length);
      expect(s.bestScore).toBe(direction === "maximize" ? Math.max(...scores) : Math.min(...scores));
      expect(s.bestScore).not.toBe(0);
    });
  }
});
