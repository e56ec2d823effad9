// Issue 10 item 15: at 1280 px the runs list and a run's agents table fit their boxes without
// horizontal scrolling, with the released recipes runs (long names, ten agents) imported.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type APIRequestContext, type Locator } from "@playwright/test";
import { sharedFixture } from "../tests/support/shared-fixtures";

async function upload(request: APIRequestContext, folder: string) {
  const board = sharedFixture("auto-research-recipes", folder, "blackboard");
  const form = new FormData();
  form.set("format", "recipes");
  form.set("runName", folder);
  for (const f of ["results.tsv", "tree.tsv", "best.json"]) form.append("files", new File([readFileSync(join(board, f))], f));
  const res = await request.post("/api/import", { multipart: form });
  expect(res.status(), await res.text()).toBeLessThan(300);
}

test.beforeAll(async ({ request }) => {
  for (const f of ["pg_ablation_lineage_on", "nanochat_d12", "cifar"]) await upload(request, f);
});

/** The table is no wider than the box that holds it. */
async function fits(table: Locator) {
  const { table: w, box } = await table.evaluate((t) => ({ table: t.scrollWidth, box: t.parentElement!.clientWidth }));
  expect(w, `table ${w} px in a ${box} px box`).toBeLessThanOrEqual(box);
}

for (const width of [1280, 1440]) {
  test(`runs list and agents table fit at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/");
    const runs = page.getByTestId("runs-table");
    await expect(runs.getByRole("link", { name: "pg_ablation_lineage_on" })).toBeVisible({ timeout: 15_000 });
    await fits(runs);
    await page.screenshot({ path: `test-results/layout-runs-${width}.png`, fullPage: true });
    await runs.getByRole("link", { name: "pg_ablation_lineage_on" }).click();
    const agents = page.getByTestId("agents-table");
    await expect(agents.getByTestId("agent-row").nth(9)).toBeVisible(); // ten specialists (and "(no agent)" for the baseline)
    await fits(agents);
    await page.screenshot({ path: `test-results/layout-agents-${width}.png`, fullPage: true });
  });
}
