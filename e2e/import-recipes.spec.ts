import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { importThroughPage, openImportedRun } from "./import-page";

const BOARD = join(import.meta.dirname, "../tests/fixtures/importers/recipes/pg_small/blackboard");

test("recipes: uploading a blackboard shows the report and the run renders", async ({ page, request }) => {
  const report = await importThroughPage(
    page,
    "recipes",
    ["results.tsv", "tree.tsv", "best.json"].map((f) => join(BOARD, f)),
    { runName: "pg small e2e" },
  );
  await expect(report).toContainText("Imported");
  await expect(page.getByTestId("import-labels")).toContainText("crash 2");
  await expect(page.getByTestId("import-problems")).toContainText("results.tsv:13 malformed source row");
  await page.screenshot({ path: "test-results/import-recipes-report.png", fullPage: true });
  const runId = await openImportedRun(page, "pg small e2e", "raise Muon lr");
  const run = await (await request.get(`/api/runs/${encodeURIComponent(runId)}`)).json();
  expect(run.summary).toMatchObject({ trialCount: 16, keptCount: 2 });

  // the same files again: nothing changes, and the page says so
  await importThroughPage(
    page,
    "recipes",
    ["results.tsv", "tree.tsv", "best.json"].map((f) => join(BOARD, f)),
    { runName: "pg small e2e" },
  );
  await expect(page.getByTestId("import-report")).toContainText("Already imported: nothing changed");
});
