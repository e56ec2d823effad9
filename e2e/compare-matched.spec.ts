// The compare page leads with the matched-budget table (issue 14, item 4) in Debian's chromium, on
// an imported fixture of two seeds of one configuration and a control: the seeds as one arm with
// its band, the winner marked at equal trials and at equal wall-clock, the reference in the URL.
import { expect, test } from "@playwright/test";
import { armsTrace } from "../tests/support/arms-trace";

const RUNS = "arms-lin-s1,arms-lin-s2,arms-control";

test.beforeAll(async ({ request }) => {
  const res = await request.post("/api/trace", {
    headers: { "Content-Type": "application/x-ndjson" },
    data: armsTrace()
      .map((r) => JSON.stringify(r))
      .join("\n"),
  });
  expect(res.status(), await res.text()).toBeLessThan(300);
});

test("at equal budget: seeds grouped with a band, Δ against the reference, the winner marked, the reference in the URL", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/compare?runs=${RUNS}`);
  const byTrials = page.getByTestId("matched-trials");
  await expect(byTrials.locator("caption")).toHaveText("At 5 trials each (the smallest run's count)");
  const rows = byTrials.getByTestId("matched-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("Lineage");
  await expect(rows.nth(0)).toContainText("winner");
  await expect(rows.nth(0).getByTestId("matched-mean")).toHaveText("1.725");
  await expect(rows.nth(0).getByTestId("matched-band")).toHaveText("1.7 – 1.75");
  await expect(rows.nth(0).getByTestId("matched-delta")).toHaveText("reference");
  await expect(rows.nth(1).getByTestId("matched-delta")).toHaveText("+0.235 (worse)");
  const byTime = page.getByTestId("matched-time");
  await expect(byTime.locator("caption")).toHaveText("At 6.7 min of wall-clock each (the shortest run's)");
  await expect(byTime.getByTestId("matched-row").nth(1)).toContainText("winner"); // the control, at 400 s
  // the matched table comes before the curve and the final figures
  const order = await page.locator("h2").allTextContents();
  expect(order.indexOf("At equal budget")).toBeLessThan(order.indexOf("Final figures"));
  // failures: one chart of the rate per window, and the lessons a later trial used
  await expect(page.getByTestId("failure-rate-chart").locator(".recharts-line")).toHaveCount(2);
  const lessons = page.getByTestId("failure-lesson");
  await expect(lessons.nth(0)).toHaveText(/Lineage: 1 of 1 failed trials \(100%\) taught a later trial on the same surface that improved/);
  await expect(lessons.nth(1)).toContainText("Control: 0 of 1 failed trials (0%)");
  await page.screenshot({ path: "test-results/compare-matched-1280.png", fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: "test-results/compare-matched-1440.png", fullPage: true });

  await rows.nth(1).getByRole("link", { name: "use as reference" }).click();
  await expect(page).toHaveURL(/ref=control%7Cnone%7CControl/);
  await expect(rows.nth(0).getByTestId("matched-delta")).toHaveText("−0.235 (better)");
  await expect(rows.nth(1).getByTestId("matched-delta")).toHaveText("reference");
  await page.getByRole("link", { name: "wall-clock" }).click(); // the axis keeps the reference
  await expect(page).toHaveURL(/x=time.*ref=control/);
});
