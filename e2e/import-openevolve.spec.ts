import { readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { importThroughPage, openImportedRun } from "./import-page";

const CHECKPOINT = join(import.meta.dirname, "../tests/fixtures/importers/openevolve/run-small/checkpoints/checkpoint_3");

test("openevolve: the files of a checkpoint render as a run", async ({ page, request }) => {
  const files = [
    ...readdirSync(join(CHECKPOINT, "programs")).map((f) => join(CHECKPOINT, "programs", f)),
    join(CHECKPOINT, "metadata.json"),
    join(CHECKPOINT, "best_program_info.json"),
  ];
  const report = await importThroughPage(page, "openevolve", files, { runName: "openevolve e2e" });
  await expect(page.getByTestId("import-labels")).toContainText("budget_overrun 1, crash 1");
  await expect(page.getByTestId("import-problems")).toContainText("programs/p6.json:1 malformed source row");
  await expect(report).toContainText("not in source");
  const runId = await openImportedRun(page, "openevolve e2e", "return 2 instead of 1");
  const run = await (await request.get(`/api/runs/${encodeURIComponent(runId)}`)).json();
  expect(run.summary).toMatchObject({ trialCount: 7, bestScore: 0.7 });
});
