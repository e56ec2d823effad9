import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { importThroughPage, openImportedRun } from "./import-page";

test("aide: an uploaded journal.json renders as a run", async ({ page, request }) => {
  const report = await importThroughPage(page, "aide", [join(import.meta.dirname, "../tests/fixtures/importers/aide/journal.json")], { runName: "aide e2e" });
  await expect(page.getByTestId("import-labels")).toContainText("crash 2, budget_overrun 1");
  await expect(report).toContainText("placeholders");
  const runId = await openImportedRun(page, "aide e2e", "LightGBM baseline");
  const run = await (await request.get(`/api/runs/${encodeURIComponent(runId)}`)).json();
  expect(run.summary).toMatchObject({ trialCount: 8, bestScore: 0.4 });
});
