// The score curve draws its dots on a canvas (components/charts/canvas-dots.tsx): a test finds a
// trial's dot where a reader would, from the axes' ranges the chart carries (data-x-min/max on the
// chart box, data-y-min/max on the plot) and the canvas, which covers exactly the plot area.
import { expect, type Page } from "@playwright/test";

export const curveDots = (page: Page) => page.getByTestId("score-curve").getByTestId("curve-dots");

/** How many dots the canvas drew (it says so once it has drawn them). */
export async function drawnDots(page: Page): Promise<number> {
  await expect(curveDots(page)).toHaveAttribute("data-dots", /\d+/);
  return Number(await curveDots(page).getAttribute("data-dots"));
}

/** The page position of the dot at (x, score) on a linear y axis. */
export async function dotPosition(page: Page, x: number, score: number): Promise<{ x: number; y: number }> {
  await curveDots(page).scrollIntoViewIfNeeded();
  const box = (await curveDots(page).boundingBox())!;
  const chart = page.getByTestId("score-curve").locator(".chart-box");
  const plot = page.getByTestId("score-curve").locator(".chart-hover-area");
  const [x0, x1, y0, y1] = await Promise.all([
    chart.getAttribute("data-x-min"),
    chart.getAttribute("data-x-max"),
    plot.getAttribute("data-y-min"),
    plot.getAttribute("data-y-max"),
  ]).then((v) => v.map(Number));
  return { x: box.x + ((x - x0) / (x1 - x0)) * box.width, y: box.y + box.height - ((score - y0) / (y1 - y0)) * box.height };
}

/** Moves the pointer onto the dot of the trial at (x, score). */
export async function hoverDot(page: Page, x: number, score: number): Promise<{ x: number; y: number }> {
  const at = await dotPosition(page, x, score);
  await page.mouse.move(at.x, at.y);
  return at;
}

export const failureMarks = (page: Page) => page.getByTestId("failure-lane").getByTestId("failure-marks");

/** Moves the pointer onto the cross of the failed trial at x, in the row of its label (or only finds it, with move: false). */
export async function hoverFailure(page: Page, x: number, label: string, { move = true } = {}): Promise<{ x: number; y: number }> {
  await expect(failureMarks(page)).toHaveAttribute("data-marks", /\d+/);
  await failureMarks(page).scrollIntoViewIfNeeded();
  const box = (await failureMarks(page).boundingBox())!;
  const row = (await page.getByTestId("failure-lane").getByRole("listitem").filter({ hasText: label }).boundingBox())!;
  const chart = page.getByTestId("score-curve").locator(".chart-box");
  const [x0, x1] = await Promise.all([chart.getAttribute("data-x-min"), chart.getAttribute("data-x-max")]).then((v) => v.map(Number));
  const at = { x: box.x + ((x - x0) / (x1 - x0)) * box.width, y: row.y + row.height / 2 };
  if (move) await page.mouse.move(at.x, at.y);
  return at;
}
