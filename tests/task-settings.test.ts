// Revising a task's settings after import (issue 10 item 13): appended revisions with who and when,
// outcomes untouched (hash chain intact, the exported trace byte-identical), findings and figures
// recomputed from the latest revision; bad input refused by name, changing nothing.
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getTrialAudit, runAuditHeadline } from "../lib/services/audit-findings";
import { getRunDetail } from "../lib/services/catalog";
import { exportRunTrace } from "../lib/services/export-run";
import { ingestJsonl } from "../lib/services/ingest-jsonl";
import { getTaskSettings, reviseTaskSettings } from "../lib/services/task-settings";
import { verifyRun } from "../lib/services/verify-run";
import { TaskSettingsChange } from "../lib/domain/task-settings";
import { auditTrace } from "./support/audit-trace";
import { fingerprint } from "./support/fingerprint";
import { runCli } from "./support/server";
import { tempDb, tempDir } from "./support/temp-db";
import { toJsonl } from "./support/traces";

/** The audit trace's task as an import makes it: no noise floor, no budgets, no gates. */
function importedTrace() {
  const [task, ...rest] = auditTrace();
  const { noiseFloor: _n, budgets: _b, gates: _g, ...bare } = task as Record<string, unknown>;
  return [bare, ...rest];
}

const exported = (db: Parameters<typeof exportRunTrace>[0]) => [...exportRunTrace(db, "audit-run")].join("");
const kinds = (db: Parameters<typeof getTrialAudit>[0], id: string) => getTrialAudit(db, `audit-run/${id}`).findings.map((f) => f.kind);

describe("task settings revisions (service, migrated temp database)", () => {
  let t: ReturnType<typeof tempDb>;
  beforeEach(() => {
    t = tempDb();
    ingestJsonl(t.db, toJsonl(importedTrace()), { logTailChars: 1000 });
  });
  afterEach(() => t.cleanup());

  it("a noise floor set after import makes the within-noise finding appear, outcomes untouched", () => {
    const before = exported(t.db);
    expect(kinds(t.db, "t2")).not.toContain("within_noise");
    expect(runAuditHeadline(t.db, "audit-run").keepsWithinNoise).toBeNull();

    const r = reviseTaskSettings(t.db, { taskId: "golf-audit", change: { noiseFloor: 0.001 }, actor: "carol", now: new Date("2026-12-01T10:00:00Z") });
    expect(r).toMatchObject({ revision: 1, changes: { noiseFloor: [null, 0.001] } });
    expect(kinds(t.db, "t2")).toContain("within_noise"); // t2 gained 0.0005 over t1
    expect(runAuditHeadline(t.db, "audit-run")).toMatchObject({ noiseFloor: 0.001, keepsWithinNoise: 1, keepsMeasured: 3 });
    expect(verifyRun(t.db, "audit-run").intact).toBe(true);
    expect(exported(t.db)).toBe(before); // the trace carries the task as recorded
    expect(getTaskSettings(t.db, "golf-audit").revisions).toEqual([
      expect.objectContaining({ revision: 1, actor: "carol", at: "2026-12-01T10:00:00.000Z", changes: { noiseFloor: [null, 0.001] } }),
    ]);
    // the original trace sent again is still "unchanged", not a 409
    const again = ingestJsonl(t.db, toJsonl(importedTrace()), { logTailChars: 1000 });
    expect(again.created.task).toBe(0);
  });

  it("budgets and gates revised: their findings appear; the latest revision wins", () => {
    reviseTaskSettings(t.db, { taskId: "golf-audit", change: { budgets: { artifactBytes: 1000, wallclockSeconds: 600 } }, actor: "carol" });
    expect(kinds(t.db, "t4")).toEqual(expect.arrayContaining(["budget_wallclock", "budget_artifact"]));
    reviseTaskSettings(t.db, {
      taskId: "golf-audit",
      change: { budgets: { artifactBytes: 5000 }, gates: [{ metric: "accuracy", op: ">=", value: 0.9 }] },
      actor: "dave",
    });
    const k = kinds(t.db, "t4");
    expect(k).not.toContain("budget_artifact");
    expect(k).toEqual(expect.arrayContaining(["budget_wallclock", "gate_missed"]));
    const view = getTaskSettings(t.db, "golf-audit");
    expect(view.settings.budgets).toEqual({ artifactBytes: 5000, wallclockSeconds: 600 });
    expect(view.revisions.map((r) => [r.revision, r.actor])).toEqual([
      [2, "dave"],
      [1, "carol"],
    ]);
    expect(view.recorded.budgets).toEqual({});
  });

  it("a revised direction recomputes each run's best from the same outcomes", () => {
    const before = exported(t.db);
    expect(getRunDetail(t.db, "audit-run").summary.bestScore).toBe(1.2);
    reviseTaskSettings(t.db, { taskId: "golf-audit", change: { direction: "maximize" }, actor: "carol" });
    const s = getRunDetail(t.db, "audit-run");
    expect(s.metric.direction).toBe("maximize");
    expect(s.summary.bestScore).toBe(1.5);
    expect(exported(t.db)).toBe(before);
    expect(verifyRun(t.db, "audit-run").intact).toBe(true);
  });

  it("a change that changes nothing writes nothing; revisions cannot be edited or removed", () => {
    reviseTaskSettings(t.db, { taskId: "golf-audit", change: { noiseFloor: 0.001 }, actor: "carol" });
    const print = fingerprint(t.path);
    expect(reviseTaskSettings(t.db, { taskId: "golf-audit", change: { noiseFloor: 0.001 }, actor: "carol" }).revision).toBeNull();
    expect(fingerprint(t.path)).toEqual(print);
    expect(() => t.db.$client.prepare("UPDATE task_revisions SET actor = 'mallory'").run()).toThrow(/append-only/);
    expect(() => t.db.$client.prepare("DELETE FROM task_revisions").run()).toThrow(/append-only/);
    expect(() => reviseTaskSettings(t.db, { taskId: "nope", change: { noiseFloor: 1 }, actor: "x" })).toThrow(/task "nope" does not exist/);
  });

  it("refuses bad settings naming the field", () => {
    const bad = (v: unknown) => TaskSettingsChange.safeParse(v).error?.issues[0];
    expect(bad({ noiseFloor: -1 })).toMatchObject({ path: ["noiseFloor"], message: "the noise floor must be 0 or more" });
    expect(bad({ budgets: { artifactBytes: 1.5 } })?.path).toEqual(["budgets", "artifactBytes"]);
    expect(bad({ direction: "up" })?.path).toEqual(["direction"]);
    expect(bad({ noiseFloor: 1, score: 3 })?.code).toBe("unrecognized_keys");
    expect(bad({})?.message).toMatch(/nothing to change/);
  });
});

describe("lineage task set / import --noise-floor (CLI)", () => {
  let dir: ReturnType<typeof tempDir>;
  let db: string;
  beforeAll(() => {
    dir = tempDir();
    db = join(dir.dir, "cli.db");
  });
  afterAll(() => dir.cleanup());

  it("sets the settings as a revision, shows them, and refuses bad flags with a message and exit 1", async () => {
    expect((await runCli(["import", "-", "--db", db], { input: toJsonl(importedTrace()) })).code).toBe(0);
    const set = await runCli([
      "task",
      "set",
      "golf-audit",
      "--noise-floor",
      "0.001",
      "--budget-wallclock",
      "600",
      "--budget-artifact-bytes",
      "1,000",
      "--gate",
      "accuracy>=0.9",
      "--actor",
      "carol",
      "--db",
      db,
    ]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain("revision 1 by carol");
    const md = await runCli(["audit", "audit-run", "--format", "md", "--db", db]);
    expect(md.stdout).toContain("1 of 3 measured keeps within noise (noise floor 0.001)");
    expect(md.stdout).toContain("| budget_artifact | 1 |");
    const show = await runCli(["task", "show", "golf-audit", "--db", db]);
    expect(show.stdout).toMatch(/noise floor\s+0\.001/);
    expect(show.stdout).toContain("#1 by carol");

    const print = fingerprint(db);
    for (const [flags, message] of [
      [["--noise-floor", "lots"], '--noise-floor "lots": not a number'],
      [["--gate", "accuracy~0.9"], '--gate "accuracy~0.9": write it as METRIC>=NUMBER'],
      [["--direction", "up"], "direction"],
      [["--budget-memory-bytes=-5"], "the memory budget must be more than 0 bytes"],
    ] as const) {
      const r = await runCli(["task", "set", "golf-audit", ...flags, "--db", db]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(message);
    }
    expect(fingerprint(db)).toEqual(print);
  });

  it("import --noise-floor sets the imported task's noise floor; a bad value imports nothing", async () => {
    const other = join(dir.dir, "import.db");
    const board = join(import.meta.dirname, "fixtures/importers/recipes/pg_small");
    const bad = await runCli(["import", "--from", "recipes", board, "--noise-floor=-1", "--db", other]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("the noise floor must be 0 or more");
    const ok = await runCli(["import", "--from", "recipes", board, "--noise-floor", "0.0002", "--db", other]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/noise floor: 0\.0002 \(task \S+ revision 1\)/);
    const md = await runCli(["audit", /run (\S+) \(new\)/.exec(ok.stdout)![1], "--format", "md", "--db", other]);
    expect(md.stdout).toContain("(noise floor 0.0002)");
  });
});
