// The score curve (migration 0015), the run page's per-agent figures and time spent (0016) and the
// lineage's read of every trial (0017) are read from covering indexes:
// the columns they need sit after each trial's diff and hypothesis, so read from the table they walk
// every trial's overflow pages (13 s for the first view of a 112k-trial run; 0.6 s from the index).
// The plans are those of the statements the queries really prepare.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { agentAggregates, agentFailureCounts, runTimes } from "../db/agent-queries";
import { evaluatedCurveRows } from "../db/curve-queries";
import { lineageNodeRows } from "../db/lineage-queries";
import { getRunCurve } from "../lib/services/run-curve";
import { ingestJsonl } from "../lib/services/ingest-jsonl";
import { tempDb } from "./support/temp-db";
import { run, task, toJsonl, trial } from "./support/traces";

let t: ReturnType<typeof tempDb>;
beforeEach(() => (t = tempDb()));
afterEach(() => t.cleanup());

/** The SQL of every statement `f` prepares, with the query plan SQLite chose for it. */
function plansOf(f: () => unknown): string[] {
  const client = t.db.$client;
  const prepared: string[] = [];
  const prepare = client.prepare.bind(client);
  client.prepare = ((source: string) => (prepared.push(source), prepare(source))) as typeof client.prepare;
  try {
    f();
  } finally {
    client.prepare = prepare;
  }
  return prepared.map((source) => {
    const params = (source.match(/\?/g) ?? []).map(() => "run-1");
    return (prepare(`EXPLAIN QUERY PLAN ${source}`).all(...params) as { detail: string }[]).map((r) => r.detail).join("; ");
  });
}

describe("run figure indexes", () => {
  beforeEach(() => {
    ingestJsonl(
      t.db,
      toJsonl([
        task("golf"),
        run(),
        trial("t0", { parentIds: [], score: 1.5, diff: "+x\n".repeat(5000) }),
        trial("t1", { parentIds: ["t0"], score: 1.4, expectedDelta: -0.2, extra: { executor: { executor: "slurm", queueSeconds: 12.5 } } }),
        trial("t2", { parentIds: ["t1"], failure: "crash", failureDetail: "exit 1" }),
      ]),
      { logTailChars: 1000 },
    );
  });

  it("answers the per-agent aggregates and failure counts from trials_run_agent_idx alone", () => {
    let rows: ReturnType<typeof agentAggregates> = [];
    const plans = plansOf(() => (rows = agentAggregates(t.db, "run-1")));
    expect(rows).toMatchObject([{ trials: 3, evaluated: 3, minScore: 1.4, maxScore: 1.5, predicted: 1, signAgreed: 1 }]);
    expect(plans).toEqual([expect.stringContaining("COVERING INDEX trials_run_agent_idx")]);
    let failures: ReturnType<typeof agentFailureCounts> = [];
    expect(plansOf(() => (failures = agentFailureCounts(t.db, "run-1")))).toEqual([expect.stringMatching(/COVERING INDEX trials_run_(agent|failure)_idx/)]);
    expect(failures).toMatchObject([{ failure: "crash", n: 1 }]);
  });

  it("answers the time spent, queue waits included, from trials_run_status_idx alone", () => {
    let times: ReturnType<typeof runTimes> | undefined;
    expect(plansOf(() => (times = runTimes(t.db, "run-1")))).toEqual([expect.stringContaining("COVERING INDEX trials_run_status_idx")]);
    expect(times!.queueSeconds).toBe(12.5);
  });

  it("reads every trial of the lineage from trials_run_status_idx alone, in seq order", () => {
    let rows: ReturnType<typeof lineageNodeRows> = [];
    expect(plansOf(() => (rows = lineageNodeRows(t.db, "run-1")))).toEqual([expect.stringContaining("COVERING INDEX trials_run_status_idx")]);
    expect(rows.map((r) => [r.id, r.seq, r.isBest])).toEqual([
      ["t0", 1, 1],
      ["t1", 2, 1],
      ["t2", 3, 0],
    ]);
  });

  it("reads the curve rows from trials_run_status_idx alone, the queue seconds from the trial's extra included", () => {
    let rows: ReturnType<typeof evaluatedCurveRows> = [];
    expect(plansOf(() => (rows = evaluatedCurveRows(t.db, "run-1")))).toEqual([expect.stringContaining("COVERING INDEX trials_run_status_idx")]);
    expect(rows.map((r) => [r.id, r.queueSeconds])).toEqual([
      ["t0", null],
      ["t1", 12.5],
      ["t2", null],
    ]);
    expect(getRunCurve(t.db, "run-1", { max: 2000 }).hasQueue).toBe(true);
  });
});
