// The run page of a live run reads its data one way: one clock refreshes the header figures, the
// trials list, the curve and the controls together while the run is live, without a reload, and
// stops once the run is stopped. Then the runs list and the header say "stopped", and the score
// curve's y ticks are short round labels.
import { expect, test, type Page } from "@playwright/test";

const NAME = "e2e live page";
const trialCount = async (page: Page) => Number((await page.getByTestId("fig-trials").locator("dd").textContent())!.replace(/,/g, "").replace(/\D.*$/, ""));

test("a live run's figures and trials list move on their own, and stop when the run stops", async ({ page, request }) => {
  test.setTimeout(150_000);
  const res = await request.post("/api/runs", { data: { task: "golf-mini", trials: 20, name: NAME } });
  expect(res.status(), await res.text()).toBe(201);
  const runId = ((await res.json()) as { id: string }).id;
  try {
    await watchLiveRun(page, runId);
  } finally {
    // A run left going would load the machine for every later spec.
    await request.post(`/api/runs/${encodeURIComponent(runId)}/control/stop`).catch(() => {});
  }
});

async function watchLiveRun(page: Page, runId: string) {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/runs/${encodeURIComponent(runId)}`);
  await expect(page.getByTestId("run-live")).toHaveAttribute("data-live", "true");
  await expect(page.getByTestId("run-state")).toHaveText("running");
  // A marker a reload would wipe: everything below must happen on this one page load.
  await page.evaluate(() => ((window as unknown as { __sameLoad: boolean }).__sameLoad = true));
  const figuresAtLoad = await trialCount(page);
  const rowsAtLoad = await page.getByTestId("trial-row").count();

  await expect.poll(() => trialCount(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(figuresAtLoad + 3);
  await expect.poll(() => page.getByTestId("trial-row").count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(Math.max(rowsAtLoad + 3, 4));
  // The header figure, the trials list and the controls agree: they come from one clock.
  await expect(page.getByTestId("run-progress")).toContainText(" / 20");
  await expect(page.getByTestId("score-curve").getByTestId("curve-dots")).toHaveAttribute("data-dots", /^([3-9]|\d\d+)$/);
  await page.screenshot({ path: "test-results/run-live.png", fullPage: true });

  // The curve's y ticks: round labels, all written with the same decimals and short.
  const ticks = await page.getByTestId("score-curve").locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value").allTextContents();
  expect(ticks.length).toBeGreaterThan(1);
  expect(new Set(ticks.map((t) => t.split(".")[1]?.length ?? 0)).size).toBe(1);
  for (const t of ticks) expect(t.replace(/[^\d]/g, "").replace(/^0+/, "").length).toBeLessThanOrEqual(5);
  expect(new Set(ticks).size).toBe(ticks.length);
  // x ticks by trial are whole trial numbers, none printed twice (rounded fractions printed "3" twice)
  const xTicks = await page.getByTestId("score-curve").locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value").allTextContents();
  expect(new Set(xTicks).size).toBe(xTicks.length);

  // Stop it from the page: the header reads stopped and the page stops polling.
  await page.getByTestId("run-controls").getByRole("button", { name: "Stop" }).click();
  await expect(page.getByTestId("run-state")).toHaveText("stopped");
  await expect(page.getByTestId("run-live")).toHaveAttribute("data-live", "false");
  const calls: string[] = [];
  page.on("request", (r) => r.url().includes(`/api/runs/${encodeURIComponent(runId)}`) && calls.push(r.url()));
  await page.waitForTimeout(5_000);
  expect(calls).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __sameLoad?: boolean }).__sameLoad)).toBe(true);

  // The runs list says stopped too (the stored status is finished; the last control event tells them apart).
  await page.goto("/");
  const row = page.getByTestId("run-row").filter({ hasText: NAME });
  await expect(row.getByTestId("run-state")).toHaveText("stopped");
}
