// One definition of "keep" (issue 10 item 12): the run page's Kept and the audit's noise check count
// the same trials; keeps the check cannot measure (the baseline, a keep whose parent failed) are
// named with the reason; without a noise floor the report says "not checked", never "within_noise 0".
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderReportMarkdown } from "../lib/domain/audit/report-md";
import { runAuditHeadline } from "../lib/services/audit-findings";
import { auditReport } from "../lib/services/audit-report";
import { getRunDetail } from "../lib/services/catalog";
import { ingestJsonl } from "../lib/services/ingest-jsonl";
import { tempDb } from "./support/temp-db";
import { run, task, toJsonl, trial } from "./support/traces";

/** The shape of a golf-mini run: the baseline is kept (it is the first best), one keep's parent crashed. */
function golfLike(noiseFloor?: number) {
  return [
    task("golf", noiseFloor === undefined ? {} : { noiseFloor }),
    run(),
    trial("t0", { parentIds: [], score: 1.5, kept: true }),
    trial("t1", { parentIds: ["t0"], score: 1.4, kept: true }),
    trial("t2", { parentIds: ["t1"], failure: "crash", failureDetail: "exit 1" }),
    trial("t3", { parentIds: ["t2"], score: 1.39, kept: true }),
    trial("t4", { parentIds: ["t3"], score: 1.3899, kept: true }),
    trial("t5", { parentIds: ["t4"], score: 1.45, kept: false }),
  ];
}

let t: ReturnType<typeof tempDb>;
beforeEach(() => (t = tempDb()));
afterEach(() => t.cleanup());

describe("keeps", () => {
  it("the audit headline counts the run page's keeps and names the ones the noise check leaves out", () => {
    ingestJsonl(t.db, toJsonl(golfLike(0.001)), { logTailChars: 1000 });
    const kept = getRunDetail(t.db, "run-1").summary.keptCount;
    const h = runAuditHeadline(t.db, "run-1");
    expect(kept).toBe(4);
    expect(h).toMatchObject({ keeps: kept, keepsMeasured: 2, keepsWithinNoise: 1, keepsLeftOutCount: 2 });
    expect(h.keepsLeftOut.map((k) => [k.id, k.reason])).toEqual([
      ["t0", "baseline"],
      ["t3", "parent_unscored"],
    ]);
    const md = renderReportMarkdown(auditReport(t.db, "run-1"));
    expect(md).toContain("- 1 of 2 measured keeps within noise (noise floor 0.001); 4 keeps in all");
    expect(md).toContain("- Keeps the noise check leaves out: 2");
    expect(md).toMatch(/#\d+ `t3`: its parent has no score/);
    expect(md).toContain("| within_noise | 1 |");
  });

  it("without a noise floor the report says not checked, not within_noise 0", () => {
    ingestJsonl(t.db, toJsonl(golfLike()), { logTailChars: 1000 });
    const report = auditReport(t.db, "run-1");
    expect(report.headline.keepsWithinNoise).toBeNull();
    expect(report.findings).not.toHaveProperty("within_noise");
    expect(report.findings).not.toHaveProperty("budget_artifact");
    expect(report.headline.notChecked.within_noise).toBe("the task declares no noise floor");
    const md = renderReportMarkdown(report);
    expect(md).toContain("- Keeps within noise: not checked (the task declares no noise floor); 4 keeps");
    expect(md).toContain("| within_noise | not checked (the task declares no noise floor) |");
    expect(md).not.toContain("| within_noise | 0 |");
  });
});
