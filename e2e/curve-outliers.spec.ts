// Issue 14 item 2: a score curve stays readable when a few trials score far from the rest. On a
// climb 1.081 → 1.0722 with four outliers at 2.7 the default y range is robust (the outliers are
// triangles at its edge), and every view state lives in the URL: the full range, a log scale, the
// running median, and a window zoomed by dragging the brush.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { CLIMB_OUTLIERS, climbRun } from "../tests/support/climb-traces";
import { toJsonl } from "../tests/support/traces";

async function post(request: APIRequestContext, records: unknown[]) {
  const res = await request.post("/api/trace", { headers: { "Content-Type": "application/x-ndjson" }, data: toJsonl(records) });
  expect(res.status(), await res.text()).toBeLessThan(300);
}

const plot = (page: Page) => page.getByTestId("score-curve").locator(".chart-hover-area");
const yTicks = async (page: Page) =>
  (await plot(page).locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value").allTextContents()).map((t) => Number(t.replace(/,/g, "")));
const search = (page: Page) => new URL(page.url()).searchParams;

test.beforeAll(async ({ request }) => {
  await post(request, climbRun("curve"));
});

test("the default y range is robust: the climb fills the chart, the outliers sit on its edge as triangles", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto("/runs/curve");
  await expect(page.getByTestId("curve-outlier")).toHaveCount(CLIMB_OUTLIERS.length);
  const max = Number(await plot(page).getAttribute("data-y-max"));
  const min = Number(await plot(page).getAttribute("data-y-min"));
  expect(min).toBeLessThanOrEqual(1.0722);
  expect(max).toBeGreaterThanOrEqual(1.081);
  expect(max).toBeLessThan(1.1); // not 2.7: the climb is not squashed into a flat line
  const ticks = await yTicks(page);
  expect(ticks.length).toBeGreaterThan(2);
  for (const t of ticks) expect(t).toBeLessThan(1.1);
  await expect(page.getByTestId("curve-outlier-note")).toContainText("4 trials scored past the range shown (2.7)");
  // An outlier's hover card gives its own score.
  await page.getByTestId("curve-outlier").first().hover();
  await expect(page.getByTestId("curve-hover")).toContainText("score 2.7");
  await expect(page.getByTestId("curve-hover")).toContainText("above the range shown");

  // Every score, from the note's button: the range reaches 2.7 and the triangles go.
  await page.getByTestId("curve-outlier-note").getByRole("button", { name: "Show every score" }).click();
  await expect.poll(() => search(page).get("y")).toBe("full");
  await expect(page.getByTestId("curve-outlier")).toHaveCount(0);
  expect(Number(await plot(page).getAttribute("data-y-max"))).toBeGreaterThanOrEqual(2.7);
  await page.getByLabel("robust range").check();
  await expect.poll(() => search(page).get("y")).toBeNull();
  await expect(page.getByTestId("curve-outlier")).toHaveCount(4);
});

test("log scale and the running median are switches kept in the URL", async ({ page }) => {
  await page.goto("/runs/curve");
  // 150 trials: the running median is on by default
  await expect(page.getByLabel("running median")).toBeChecked();
  await expect(page.getByTestId("score-curve").locator(".legend")).toContainText("running median");
  await expect(page.getByTestId("curve-median").locator("path")).toHaveCount(1);
  await page.getByLabel("running median").uncheck();
  await expect.poll(() => search(page).get("smooth")).toBe("off");
  await expect(page.getByTestId("score-curve").locator(".legend")).not.toContainText("running median");
  await expect(page.getByTestId("curve-median")).toHaveCount(0);

  await page.getByLabel("log scale").check();
  await expect.poll(() => search(page).get("yscale")).toBe("log");
  await expect(plot(page)).toHaveAttribute("data-y-scale", "log");
  await page.reload();
  await expect(plot(page)).toHaveAttribute("data-y-scale", "log");
  await expect(page.getByLabel("running median")).not.toBeChecked();
});

test("dragging across the brush zooms to that stretch of trials; the window is in the URL and Reset shows all", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto("/runs/curve");
  const brush = page.getByTestId("curve-brush");
  const box = (await brush.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2, { steps: 6 });
  await page.mouse.up();
  await expect.poll(() => search(page).get("from")).not.toBeNull();
  const from = Number(search(page).get("from"));
  const to = Number(search(page).get("to"));
  expect(from).toBeGreaterThan(60);
  expect(from).toBeLessThan(90);
  expect(to).toBeGreaterThan(100);
  expect(to).toBeLessThan(125);
  const chart = page.getByTestId("score-curve").locator(".chart-box");
  await expect(chart).toHaveAttribute("data-x-min", String(from));
  await expect(chart).toHaveAttribute("data-x-max", String(to));
  await expect(page.getByTestId("curve-counts")).toContainText("scored in the window");
  const xTicks = (await plot(page).locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value").allTextContents()).map(Number);
  for (const t of xTicks) expect(t >= from && t <= to).toBe(true);
  // The window and the zoomed y range survive a reload; an outlier inside it (#93) still shows.
  await page.reload();
  await expect(chart).toHaveAttribute("data-x-min", String(from));
  await expect(page.getByTestId("curve-outlier-note")).toContainText("1 trial scored past the range");
  await page.getByTestId("curve-zoom-reset").click();
  await expect.poll(() => search(page).get("from")).toBeNull();
  await expect(chart).toHaveAttribute("data-x-max", "150");
});

test("a link with the whole view in it opens that view", async ({ page }) => {
  await page.goto("/runs/curve?x=time&y=full&smooth=on&from=1200&to=4800");
  await expect(page.getByTestId("score-curve").locator(".chart-box")).toHaveAttribute("data-x-mode", "time");
  await expect(page.getByLabel("every score")).toBeChecked();
  await expect(page.getByLabel("by wall-clock time")).toBeChecked();
  await expect(page.getByTestId("score-curve").locator(".chart-box")).toHaveAttribute("data-x-min", "1200");
  await page.screenshot({ path: "test-results/curve-time-window.png", fullPage: true });
});
