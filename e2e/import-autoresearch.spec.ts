import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { importThroughPage, openImportedRun } from "./import-page";

test("autoresearch: an uploaded results.tsv renders as a run; markup stays text", async ({ page, request }) => {
  const report = await importThroughPage(page, "autoresearch", [join(import.meta.dirname, "../tests/fixtures/importers/autoresearch/results.tsv")], {
    runName: "autoresearch e2e",
  });
  await expect(report).toContainText("tentative, new_best");
  const runId = await openImportedRun(page, "autoresearch e2e", "raise lr to 0.04");
  const trials = await (await request.get(`/api/runs/${encodeURIComponent(runId)}/trials?limit=50&q=GeLU`)).json();
  expect(trials.items[0].hypothesis).toBe("<script>alert(1)</script> swap to GeLU");
  await expect(page.getByTestId("trial-row").filter({ hasText: "swap to GeLU" })).toContainText("<script>alert(1)</script> swap to GeLU");
});
