// The score curve's read of every evaluated trial comes from one covering index (migration 0015):
// its columns sit after each trial's diff and hypothesis, so read from the table they would walk
// every trial's overflow pages, the whole database at a million trials. The queue time from the
// trial's extra, indexed as an expression, still reaches the curve.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { evaluatedCurveRows } from "../db/curve-queries";
import { ingestJsonl } from "../lib/services/ingest-jsonl";
import { getRunCurve } from "../lib/services/run-curve";
import { tempDb } from "./support/temp-db";
import { run, task, toJsonl, trial } from "./support/traces";

let t: ReturnType<typeof tempDb>;
beforeEach(() => (t = tempDb()));
afterEach(() => t.cleanup());

describe("curve index", () => {
  it("reads the curve rows from the covering index alone, queue seconds included", () => {
    ingestJsonl(
      t.db,
      toJsonl([
        task("golf"),
        run(),
        trial("t0", { parentIds: [], score: 1.5, diff: "+x\n".repeat(5000) }),
        trial("t1", { parentIds: ["t0"], score: 1.4, extra: { executor: { executor: "slurm", queueSeconds: 12.5 } } }),
        trial("t2", { parentIds: ["t1"], failure: "crash", failureDetail: "exit 1" }),
      ]),
      { logTailChars: 1000 },
    );
    const rows = evaluatedCurveRows(t.db, "run-1");
    expect(rows.map((r) => [r.id, r.queueSeconds])).toEqual([
      ["t0", null],
      ["t1", 12.5],
      ["t2", null],
    ]);
    expect(getRunCurve(t.db, "run-1", { max: 2000 }).hasQueue).toBe(true);
    const sql = `SELECT id, seq, agent_id, score, failure, started_at, finished_at, wallclock_seconds, extra ->> '$.executor.queueSeconds'
      FROM trials WHERE run_id = ? AND status = 'evaluated' ORDER BY seq`;
    const plan = (t.db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all("run-1") as { detail: string }[]).map((r) => r.detail).join("; ");
    expect(plan).toContain("COVERING INDEX trials_run_status_idx");
  });
});
