// Issue 12, its display part: a run whose trials ran as Slurm jobs (each trial's extra.executor
// names the job, node, queue wait and run time) shows the queue wait beside the evaluation time in
// its figures and trials table, and its curve's time axis is either the wall-clock (queue waits
// included) or the evaluation time (left out), switched in the URL. A run without them shows neither.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { RunBreakdown, TrialsPage } from "../lib/domain/api-responses";
import { climbRun, queuedRun, queueWaitOf } from "../tests/support/climb-traces";
import { toJsonl } from "../tests/support/traces";

async function post(request: APIRequestContext, records: unknown[]) {
  const res = await request.post("/api/trace", { headers: { "Content-Type": "application/x-ndjson" }, data: toJsonl(records) });
  expect(res.status(), await res.text()).toBeLessThan(300);
}
const chart = (page: Page) => page.getByTestId("score-curve").locator(".chart-box");

test.beforeAll(async ({ request }) => {
  await post(request, [...queuedRun("queued"), ...climbRun("noqueue")]);
});

test("a Slurm run's page shows queue waits beside evaluation time, and its curve switches between the two clocks", async ({ page, request }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto("/runs/queued");
  // 40 s · (1 + … + 12) = 52 min of queue, 12 · 50 s = 10 min evaluating
  await expect(page.getByTestId("fig-wallclock")).toContainText("10m 00s evaluating");
  await expect(page.getByTestId("fig-queue")).toHaveText("52m 00s waiting in the cluster's queue");
  const table = page.getByTestId("trials-table");
  await expect(table.locator("th")).toContainText(["Evaluation", "Queue wait"]);
  const row3 = page.getByTestId("trial-row").nth(2);
  await expect(row3.getByTestId("row-eval-time")).toHaveText("50s");
  await expect(row3.getByTestId("row-queue-wait")).toHaveText(`${queueWaitOf(3) / 60}m 00s`);

  // Wall-clock with the queue: the last trial ends at 52 + 10 min; evaluation time alone: 10 min.
  await page.getByLabel("by wall-clock time").check();
  await expect.poll(() => new URL(page.url()).searchParams.get("x")).toBe("time");
  await expect(chart(page)).toHaveAttribute("data-x-max", String(52 * 60 + 600));
  await expect(page.getByTestId("score-curve")).toContainText("wall-clock since start (queue waits included)");
  await page.getByLabel("by evaluation time").check();
  await expect.poll(() => new URL(page.url()).searchParams.get("x")).toBe("eval");
  await expect(chart(page)).toHaveAttribute("data-x-max", "600");
  await expect(page.getByTestId("score-curve")).toContainText("evaluation time (queue waits left out)");
  await page.reload();
  await expect(chart(page)).toHaveAttribute("data-x-mode", "eval");

  // The API carries the same figures.
  const breakdown = RunBreakdown.parse(await (await request.get("/api/runs/queued/agents")).json());
  expect(breakdown.time.queueSeconds).toBe(52 * 60);
  const trials = TrialsPage.parse(await (await request.get("/api/runs/queued/trials")).json());
  expect(trials.items.find((t) => t.seq === 5)!.queueSeconds).toBe(queueWaitOf(5));
});

test("a run that never queued shows no queue column, figure or evaluation-time axis", async ({ page }) => {
  await page.goto("/runs/noqueue");
  await expect(page.getByTestId("trials-table")).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Queue wait" })).toHaveCount(0);
  await expect(page.getByTestId("fig-queue")).toHaveCount(0);
  await expect(page.getByLabel("by evaluation time")).toHaveCount(0);
  await page.goto("/runs/noqueue?x=eval");
  await expect(chart(page)).toHaveAttribute("data-x-mode", "seq");
});
