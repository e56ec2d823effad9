import { expect, test, type APIRequestContext } from "@playwright/test";
import { controlRun, lineageRun } from "../tests/support/lineage-traces";
import { task, toJsonl } from "../tests/support/traces";

async function post(request: APIRequestContext, records: unknown[]) {
  const res = await request.post("/api/trace", { headers: { "Content-Type": "application/x-ndjson" }, data: toJsonl(records) });
  expect(res.status(), await res.text()).toBeLessThan(300);
}

test.beforeAll(async ({ request }) => {
  await post(request, [
    ...lineageRun(),
    ...controlRun(),
    task("lineage-other"),
    { schema: "lineage-trace/1", type: "run", id: "elsewhere", taskId: "lineage-other", name: "Elsewhere" },
  ]);
});

test("overlays lineage feedback against a control, with figures per run", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/compare?runs=lin,ctl");
  await expect(page.getByRole("heading", { name: "Compare runs of Golf" })).toBeVisible();
  const rows = page.getByTestId("compare-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("Lineage feedback");
  await expect(rows.nth(0)).toContainText("lineage");
  await expect(rows.nth(0)).toContainText("2 → 1.85");
  await expect(rows.nth(0)).toContainText("+7.50%");
  await expect(rows.nth(0)).toContainText("crash 2");
  await expect(rows.nth(1)).toContainText("Control");
  await expect(rows.nth(1)).toContainText("none");
  await expect(rows.nth(1)).toContainText("+2.00%");
  await expect(rows.nth(1).locator("td").nth(6)).toHaveText("4"); // trials to its final best
  const chart = page.getByTestId("compare-chart");
  await expect(chart.locator(".recharts-line")).toHaveCount(2);
  await expect(chart).toContainText("Lineage feedback");
  await page.screenshot({ path: "test-results/compare-page.png", fullPage: true });
});

test("the picker adds and removes runs through the URL, and the axis switches to wall-clock", async ({ page }) => {
  await page.goto("/compare?runs=lin");
  await expect(page.getByTestId("compare-row")).toHaveCount(1);
  await page.getByRole("checkbox", { name: /Control/ }).check();
  await expect(page).toHaveURL(/\/compare\?runs=lin,ctl$/);
  await expect(page.getByTestId("compare-row")).toHaveCount(2);
  await page.getByRole("link", { name: "wall-clock" }).click();
  await expect(page).toHaveURL(/x=time/);
  await expect(page.getByTestId("compare-chart")).toContainText("wall-clock since");
  await page.getByRole("checkbox", { name: /Lineage feedback/ }).uncheck();
  await expect(page).toHaveURL(/\/compare\?runs=ctl&x=time$/);
  await expect(page.getByTestId("compare-row")).toHaveCount(1);
});

test("explains what is wrong with the runs asked for", async ({ page }) => {
  await page.goto("/compare?runs=lin,elsewhere");
  await expect(page.getByTestId("compare-error")).toContainText("another task");
  await page.goto("/compare?runs=lin,nope");
  await expect(page.getByTestId("compare-error")).toContainText('run "nope" does not exist');
  await page.goto("/compare");
  await expect(page.getByTestId("compare-start")).toContainText("Lineage feedback");
});

test("is readable on a narrow window", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto("/compare?runs=lin,ctl");
  await expect(page.getByTestId("compare-table")).toBeVisible();
  await page.screenshot({ path: "test-results/compare-narrow.png", fullPage: true });
});
