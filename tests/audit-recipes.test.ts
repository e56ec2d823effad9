// The audit on the released Auto-Research-Recipes runs (read in place from ../shared/fixtures,
// skipped when absent): imported through the import service (what `lineage import --from recipes`
// calls), then audited through the audit services on a migrated temporary database. Expected
// figures are computed here from the TSV files themselves, not copied from the app.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReportMarkdown } from "../lib/domain/audit/report-md";
import { auditReport } from "../lib/services/audit-report";
import { domainReview } from "../lib/services/audit-review";
import { importSource } from "../lib/services/import-source";
import { ingestJsonl } from "../lib/services/ingest-jsonl";
import { hasSharedFixtures, sharedFixture, tsvRecords } from "./support/shared-fixtures";
import { tempDb } from "./support/temp-db";

const NOISE_FLOOR = 0.0002; // bits/byte, the run-to-run noise of Parameter Golf named in TRACE.md
const PG_TASK = {
  schema: "lineage-trace/1",
  type: "task",
  id: "parameter-golf",
  name: "Parameter Golf",
  metric: { name: "val_bpb", direction: "minimize", unit: "bits/byte" },
  noiseFloor: NOISE_FLOOR,
  budgets: { artifactBytes: 16_000_000 },
};
const board = (run: string) => sharedFixture("auto-research-recipes", run, "blackboard", "results.tsv");

let store: ReturnType<typeof tempDb>;
const runIds: Record<string, string> = {};
const audit = (run: string) => auditReport(store.db, runIds[run]);

describe.skipIf(!hasSharedFixtures)("audit of the released recipes runs", () => {
  beforeAll(() => {
    store = tempDb();
    ingestJsonl(store.db, JSON.stringify(PG_TASK) + "\n", { logTailChars: 65536 }); // the task's noise floor first; the import reuses the task
    for (const run of ["cifar", "nanochat_d12", "pg_ablation_lineage_on"]) {
      const report = importSource(store.db, {
        path: sharedFixture("auto-research-recipes", run),
        options: { format: "recipes", strict: false },
        logTailChars: 65536,
      });
      expect(report.run.created).toBe(true);
      runIds[run] = report.run.id;
    }
  }, 120_000);
  afterAll(() => store?.cleanup());

  it("finds the CIFAR run's gate misses (every disqualified row) and an intact chain", () => {
    const disqualified = tsvRecords(board("cifar")).filter((r) => r.status === "disqualified").length;
    expect(disqualified).toBe(81);
    const r = audit("cifar");
    expect(r.findings.gate_missed).toBe(disqualified);
    expect(r.chain.intact).toBe(true);
    expect(r.verdicts.unreviewed).toBe(r.verdicts.submissions);
    expect(r.headline.keepsWithinNoise).toBeNull(); // the imported CIFAR task declares no noise floor
  });

  it("counts the Parameter Golf keeps whose gain over their parent is within the noise floor", () => {
    const rows = tsvRecords(board("pg_ablation_lineage_on"));
    const byId = new Map(rows.map((r) => [r.exp_id, r]));
    const keeps = rows.filter((r) => r.status === "keep");
    const noisy = keeps.filter((r) => Number(byId.get(r.parent_exp)!.val_bpb) - Number(r.val_bpb) <= NOISE_FLOOR + 1e-12);
    const r = audit("pg_ablation_lineage_on");
    expect(r.headline).toMatchObject({ keeps: keeps.length, keepsWithinNoise: noisy.length, noiseFloor: NOISE_FLOOR });
    expect(r.findings.within_noise).toBe(noisy.length);
    const sizeBlocked = rows.filter((r) => r.status === "size_blocked" && Number(r.artifact_bytes) > 16_000_000).length;
    expect(r.findings.budget_artifact).toBe(sizeBlocked);
    const md = renderReportMarkdown(r);
    expect(md).toContain(`${noisy.length} of ${keeps.length} measured keeps within noise`);
  });

  it("reviews the architecture domain of each run by the agents' declared domains (no code in the release)", () => {
    for (const run of ["cifar", "nanochat_d12", "pg_ablation_lineage_on"]) {
      const arch = tsvRecords(board(run)).filter((r) => r.domain === "arch").length;
      const review = domainReview(store.db, runIds[run], "architecture");
      expect(review.counts).toEqual({ submissions: arch, legal: 0, illegal: 0, needs_review: 0, unreviewed: arch });
      expect(review.items.every((i) => i.classification.source === "declared")).toBe(true);
    }
  });
});
