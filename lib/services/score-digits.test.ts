// The run's score digits are kept per run, and a new trial whose score prints like an earlier one
// at the kept digits still widens them.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDb } from "../../tests/support/temp-db";
import { run, task, toJsonl, trial } from "../../tests/support/traces";
import { getRunDetail } from "./catalog";
import { ingestJsonl } from "./ingest-jsonl";

let t: ReturnType<typeof tempDb>;
beforeEach(() => (t = tempDb()));
afterEach(() => t.cleanup());

describe("run score digits", () => {
  it("widen when a new trial's score would print like an earlier one", () => {
    ingestJsonl(t.db, toJsonl([task("golf"), run(), trial("t0", { parentIds: [], score: 1.5 }), trial("t1", { parentIds: ["t0"], score: 1.25 })]), {
      logTailChars: 1000,
    });
    const before = getRunDetail(t.db, "run-1").scoreDigits;
    expect(getRunDetail(t.db, "run-1").scoreDigits).toBe(before);
    ingestJsonl(t.db, toJsonl([trial("t2", { parentIds: ["t1"], score: 1.2500001 })]), { logTailChars: 1000 });
    expect(getRunDetail(t.db, "run-1").scoreDigits).toBeGreaterThan(before);
    expect(getRunDetail(t.db, "run-1").scoreDigits).toBe(8);
  });
});
