// The runs page: task filter and sort order in the URL, and a running run that updates itself.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { buildRun, toJsonlLines } from "../tests/support/run-fixture";

async function post(request: APIRequestContext, records: unknown[]) {
  const res = await request.post("/api/trace", { headers: { "Content-Type": "application/x-ndjson" }, data: toJsonlLines(records) });
  expect(res.status(), await res.text()).toBeLessThan(300);
}

const small = buildRun({ taskId: "lp-alpha", runId: "lp-small", trials: 20, taskName: "Alpha task" });
const big = buildRun({ taskId: "lp-alpha", runId: "lp-big", trials: 120, taskName: "Alpha task" });
const other = buildRun({ taskId: "lp-beta", runId: "lp other run", trials: 60, taskName: "Beta task", direction: "maximize", agentNames: ["solo"] });
const live = buildRun({ taskId: "lp-beta", runId: "lp-live", trials: 80, taskName: "Beta task", status: "running", agentNames: ["solo"] });
const liveTrials = live.records.filter((r) => r.type === "trial");

test.beforeAll(async ({ request }) => {
  await post(request, small.records);
  await post(
    request,
    big.records.filter((r) => r.type !== "task"),
  );
  await post(request, other.records);
  // the live run starts with its first 40 trials; the rest arrive while the page is open
  await post(
    request,
    live.records.filter((r) => r.type !== "task" && (r.type !== "trial" || (r.seq as number) <= 40)),
  );
});

test("filters by task and sorts by a column, both kept in the URL", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/");
  const rows = page.getByTestId("run-row");
  await expect(rows.filter({ hasText: "Run lp-small" })).toBeVisible();

  await page.getByTestId("task-filter").selectOption({ label: "Beta task" });
  await expect(page).toHaveURL(/\?task=lp-beta$/);
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: "Alpha task" })).toHaveCount(0);

  await page.getByTestId("task-filter").selectOption({ label: "Alpha task" });
  await page.getByRole("button", { name: "Sort by Trials" }).click();
  await expect(page).toHaveURL(/sort=trials/);
  await expect(rows.first()).toContainText("Run lp-big"); // most trials first
  await page.getByRole("button", { name: "Sort by Trials" }).click();
  await expect(rows.first()).toContainText("Run lp-small");
  await expect(page.getByRole("columnheader", { name: /Trials/ })).toHaveAttribute("aria-sort", "ascending");

  await page.reload();
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText("Run lp-small");
  await expect(rows.first()).toContainText("optimizer");
  await expect(rows.first()).toContainText("architecture");
  const fails = small.records.filter((r) => r.type === "trial" && r.failure).length;
  await expect(rows.first()).toContainText(`${((fails / 20) * 100).toFixed(1)}%`);
  await page.screenshot({ path: "test-results/runs-page.png", fullPage: true });
});

test("a run id with a space opens its page from the list", async ({ page }) => {
  await page.goto("/?task=lp-beta");
  await page.getByRole("link", { name: "Run lp other run" }).click();
  await expect(page.getByTestId("run-title")).toHaveText("Run lp other run");
  await expect(page.getByTestId("fig-improvement")).toContainText("%");
});

test("a running run's row updates on its own, without a reload", async ({ page, request }) => {
  await page.goto("/?task=lp-beta");
  const row = page.getByTestId("run-row").filter({ hasText: "Run lp-live" });
  await expect(row).toContainText("(live)");
  await expect(row.getByTestId("run-trials")).toHaveText("40");
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  await post(
    request,
    liveTrials.filter((t) => (t.seq as number) > 40),
  );
  await expect(row.getByTestId("run-trials")).toHaveText("80", { timeout: 10_000 });
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
});
