// The compare page's matched-budget figures (issue 14, item 4) against values computed here, in the
// test, from the trace records themselves: each run's best among its first N trials (N the smallest
// run's count) and within the shortest run's wall-clock, seeds of one configuration as one arm with
// mean and min–max, Δ against the reference arm, the winner.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseName } from "../lib/domain/matched-budget";
import { compareRuns } from "../lib/services/compare-runs";
import { ingestJsonl } from "../lib/services/ingest-jsonl";
import { ARM_RUNS, armsTrace } from "./support/arms-trace";
import { tempDb } from "./support/temp-db";
import { toJsonl } from "./support/traces";

let t: ReturnType<typeof tempDb>;
const records = armsTrace();
const trialsOf = (runId: string) =>
  records.filter((r) => r.type === "trial" && r.runId === runId) as { score?: number; startedAt: string; finishedAt: string }[];
const ids = ARM_RUNS.map((r) => r.id);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** What the table should say, from the records alone. */
function expected(budget: "trials" | "time") {
  const n = Math.min(...ids.map((id) => trialsOf(id).length));
  const end = (id: string) => {
    const ts = trialsOf(id);
    const start = Math.min(...ts.map((x) => Date.parse(x.startedAt)));
    return ts.map((x) => (Date.parse(x.finishedAt) - start) / 1000);
  };
  const horizon = Math.min(...ids.map((id) => end(id).at(-1)!));
  const bestOf = (id: string) => {
    const ts = trialsOf(id);
    const e = end(id);
    const kept = ts.filter((_, i) => (budget === "trials" ? i < n : e[i] <= horizon)).filter((x) => typeof x.score === "number");
    return Math.min(...kept.map((x) => x.score!));
  };
  const lineage = [bestOf("arms-lin-s1"), bestOf("arms-lin-s2")];
  const control = bestOf("arms-control");
  return { n, horizon, lineage: { mean: mean(lineage), min: Math.min(...lineage), max: Math.max(...lineage) }, control };
}

beforeAll(() => {
  t = tempDb();
  ingestJsonl(t.db, toJsonl(records), { logTailChars: 1000 });
});
afterAll(() => t?.cleanup());

describe("the matched-budget table", () => {
  it("groups the seeds into one arm and compares at the smallest run's trial count, against the chosen reference", () => {
    const ctrl = compareRuns(t.db, { runs: ids, ref: "control|none|Control" }).matched;
    const want = expected("trials");
    expect(ctrl.reference).toBe("control|none|Control");
    expect(ctrl.byTrials!.value).toBe(want.n);
    const [lin, con] = ctrl.byTrials!.arms;
    expect(lin.runs.map((r) => r.id)).toEqual(["arms-lin-s1", "arms-lin-s2"]);
    expect(lin.label).toBe("Lineage");
    expect(lin.mean).toBeCloseTo(want.lineage.mean, 12);
    expect([lin.min, lin.max]).toEqual([want.lineage.min, want.lineage.max]);
    expect(con.mean).toBe(want.control);
    expect(lin.delta).toBeCloseTo(want.lineage.mean - want.control, 12);
    expect(lin.gain).toBeCloseTo(want.control - want.lineage.mean, 12); // minimize: lower is better
    expect(con.delta).toBeNull();
    expect([lin.winner, con.winner]).toEqual([want.lineage.mean < want.control, want.control < want.lineage.mean]);
  });

  it("compares at the shortest run's wall-clock too", () => {
    const m = compareRuns(t.db, { runs: ids }).matched;
    const want = expected("time");
    expect(m.byTime!.value).toBe(want.horizon);
    const [lin, con] = m.byTime!.arms;
    expect(lin.mean).toBeCloseTo(want.lineage.mean, 12);
    expect([lin.min, lin.max]).toEqual([want.lineage.min, want.lineage.max]);
    expect(con.mean).toBe(want.control);
    // the reference defaults to the first arm, whose Δ is then blank and the control's is against it
    expect(m.reference).toBe(lin.key);
    expect(con.delta).toBeCloseTo(want.control - want.lineage.mean, 12);
  });

  it("takes an unknown reference as the first arm, and a name's trailing seed as the same configuration", () => {
    expect(compareRuns(t.db, { runs: ids, ref: "nope" }).matched.reference).toBe("headline|lineage|Lineage");
    expect(["Lineage seed 1", "lineage-s2", "Lineage #3", "Lineage_seed=4"].map(baseName)).toEqual(["Lineage", "lineage", "Lineage", "Lineage"]);
    expect(baseName("GPT 2")).toBe("GPT 2"); // a bare number is part of the name
  });

  it("gives each arm's failure rate per window and the failures a later improving trial saw", () => {
    const f = compareRuns(t.db, { runs: ids }).failures;
    const [lin, con] = f.arms;
    expect(f.windowSize).toBe(5);
    // pooled over the seeds: trials 1–5 hold one crash of s1's five and none of s2's five
    expect(lin.windows).toEqual([
      { upTo: 5, trials: 10, failed: 1, rate: 0.1 },
      { upTo: 10, trials: 1, failed: 0, rate: 0 },
    ]);
    expect(con.windows.map((w) => [w.trials, w.failed])).toEqual([
      [5, 1],
      [3, 0],
    ]);
    // s1's crash (t2) was in t3's context, and t3 was a new best; the control saw nothing
    expect([lin.failed, lin.lessonsUsed, lin.lessonShare]).toEqual([1, 1, 1]);
    expect([con.failed, con.lessonsUsed, con.lessonShare]).toEqual([1, 0, 0]);
  });
});
