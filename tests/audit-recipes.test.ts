// The audit on the released Auto-Research-Recipes runs (read in place from ../shared/fixtures,
// skipped when absent): imported with `lineage import --from recipes`, then audited. Expected
// figures are computed here from the TSV files themselves, not copied from the app.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../db/client";
import { domainReview } from "../lib/services/audit-review";
import { runCli } from "./support/server";
import { hasSharedFixtures, sharedFixture, tsvRecords } from "./support/shared-fixtures";
import { MIGRATIONS, tempDir } from "./support/temp-db";

const NOISE_FLOOR = 0.0002; // bits/byte, the run-to-run noise of Parameter Golf named in TRACE.md
const PG_TASK = { schema: "lineage-trace/1", type: "task", id: "parameter-golf", name: "Parameter Golf", metric: { name: "val_bpb", direction: "minimize", unit: "bits/byte" }, noiseFloor: NOISE_FLOOR, budgets: { artifactBytes: 16_000_000 } };
const board = (run: string) => sharedFixture("auto-research-recipes", run, "blackboard", "results.tsv");

let dir: ReturnType<typeof tempDir>;
let dbPath: string;
const runIds: Record<string, string> = {};

async function cli(args: string[], input?: string) {
  const r = await runCli([...args, "--db", dbPath], { input });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}
const audit = async (run: string) => JSON.parse(await cli(["audit", runIds[run], "--format", "json"]));

describe.skipIf(!hasSharedFixtures)("audit of the released recipes runs", () => {
  beforeAll(async () => {
    dir = tempDir();
    dbPath = join(dir.dir, "recipes.db");
    await cli(["import", "-"], JSON.stringify(PG_TASK) + "\n"); // the task's noise floor first; the import reuses the task
    for (const run of ["cifar", "nanochat_d12", "pg_ablation_lineage_on"]) {
      const out = await cli(["import", "--from", "recipes", sharedFixture("auto-research-recipes", run)]);
      runIds[run] = /run (\S+) \(new\)/.exec(out)![1];
    }
  }, 120_000);
  afterAll(() => dir?.cleanup());

  it("finds the CIFAR run's gate misses (every disqualified row) and an intact chain", async () => {
    const disqualified = tsvRecords(board("cifar")).filter((r) => r.status === "disqualified").length;
    expect(disqualified).toBe(81);
    const r = await audit("cifar");
    expect(r.findings.gate_missed).toBe(disqualified);
    expect(r.chain.intact).toBe(true);
    expect(r.verdicts.unreviewed).toBe(r.verdicts.submissions);
    expect(r.headline.keepsWithinNoise).toBeNull(); // the imported CIFAR task declares no noise floor
  });

  it("counts the Parameter Golf keeps whose gain over their parent is within the noise floor", async () => {
    const rows = tsvRecords(board("pg_ablation_lineage_on"));
    const byId = new Map(rows.map((r) => [r.exp_id, r]));
    const keeps = rows.filter((r) => r.status === "keep");
    const noisy = keeps.filter((r) => Number(byId.get(r.parent_exp)!.val_bpb) - Number(r.val_bpb) <= NOISE_FLOOR + 1e-12);
    const r = await audit("pg_ablation_lineage_on");
    expect(r.headline).toMatchObject({ keeps: keeps.length, keepsWithinNoise: noisy.length, noiseFloor: NOISE_FLOOR });
    expect(r.findings.within_noise).toBe(noisy.length);
    const sizeBlocked = rows.filter((r) => r.status === "size_blocked" && Number(r.artifact_bytes) > 16_000_000).length;
    expect(r.findings.budget_artifact).toBe(sizeBlocked);
    const md = await cli(["audit", runIds.pg_ablation_lineage_on, "--format", "md"]);
    expect(md).toContain(`${noisy.length} of ${keeps.length} measured keeps within noise`);
  });

  it("reviews the architecture domain of each run by the agents' declared domains (no code in the release)", () => {
    const db: Db = openDatabase(dbPath, { migrationsFolder: MIGRATIONS });
    try {
      for (const run of ["cifar", "nanochat_d12", "pg_ablation_lineage_on"]) {
        const arch = tsvRecords(board(run)).filter((r) => r.domain === "arch").length;
        const review = domainReview(db, runIds[run], "architecture");
        expect(review.counts).toEqual({ submissions: arch, legal: 0, illegal: 0, needs_review: 0, unreviewed: arch });
        expect(review.items.every((i) => i.classification.source === "declared")).toBe(true);
      }
    } finally {
      db.$client.close();
    }
  });
});
