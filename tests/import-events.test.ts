// Each import is an event in the activity log naming what it made (issue 10 item 16), kept outside
// the run's exported trace: export → re-import elsewhere → export stays byte-identical.
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { importSource } from "../lib/services/import-source";
import { ImportOptions } from "../lib/importers/options";
import { listActivity } from "../lib/services/audit-activity";
import { exportRunTrace } from "../lib/services/export-run";
import { ingestJsonl } from "../lib/services/ingest-jsonl";
import { tempDb } from "./support/temp-db";

const BOARD = join(import.meta.dirname, "fixtures/importers/recipes/pg_small");
let a: ReturnType<typeof tempDb>;
let b: ReturnType<typeof tempDb>;
beforeEach(() => ((a = tempDb()), (b = tempDb())));
afterEach(() => (a.cleanup(), b.cleanup()));

it("records one import event with what it made; the same import again records none; the trace leaves it out", () => {
  const options = ImportOptions.parse({ format: "recipes" });
  const report = importSource(a.db, { path: BOARD, options, logTailChars: 1000, actor: "carol" });
  const events = listActivity(a.db).items.filter((e) => e.action === "import");
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({
    actor: "carol",
    runId: null,
    detail: { format: "recipes", runId: report.run.id, taskId: report.task.id, trials: report.trials.created, runCreated: true },
  });
  expect(report.trials.created).toBeGreaterThan(0);

  importSource(a.db, { path: BOARD, options, logTailChars: 1000 });
  expect(listActivity(a.db).items.filter((e) => e.action === "import")).toHaveLength(1);

  const trace = [...exportRunTrace(a.db, report.run.id)].join("");
  expect(trace).not.toContain('"action":"import"');
  ingestJsonl(b.db, trace, { logTailChars: 1000 });
  expect([...exportRunTrace(b.db, report.run.id)].join("")).toBe(trace);
});
