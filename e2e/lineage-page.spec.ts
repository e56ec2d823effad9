import { expect, test, type APIRequestContext } from "@playwright/test";
import { bigRun, controlRun, lineageRun } from "../tests/support/lineage-traces";
import { toJsonl } from "../tests/support/traces";

async function post(request: APIRequestContext, records: unknown[]) {
  const res = await request.post("/api/trace", { headers: { "Content-Type": "application/x-ndjson" }, data: toJsonl(records) });
  expect(res.status(), await res.text()).toBeLessThan(300);
}

const node = (page: import("@playwright/test").Page, id: string) => page.locator(`[data-testid="lineage-node"][data-trial-id="${id}"]`);

test.beforeAll(async ({ request }) => {
  await post(request, [...lineageRun(), ...controlRun()]);
});

test("draws the lineage: outcomes, legend, the path to the best, folded failures and chains", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/runs/lin/lineage");
  await expect(page.getByRole("heading", { name: "Lineage of Lineage feedback" })).toBeVisible();
  await expect(page.getByTestId("lineage-legend")).toContainText("new best");
  await expect(page.getByTestId("lineage-legend")).toContainText("budget_overrun");

  await expect(node(page, "m1")).toHaveAttribute("data-outcome", "best");
  await expect(node(page, "m1")).toHaveAttribute("data-best-path", "true");
  await expect(node(page, "x1")).toHaveAttribute("data-best-path", "true");
  await expect(node(page, "p1")).toHaveAttribute("data-outcome", "pending");
  await expect(node(page, "m1")).toHaveAttribute("aria-label", /Trial #18: new best, val_bpb 1\.85, the current best/);

  // c1…c9 (one parent, one child each) fold into one chain, with the failed leaves hanging off c3.
  const chain = page.locator('[data-testid="lineage-cluster"][data-cluster-kind="chain"]');
  await expect(chain).toHaveAttribute("data-count", "13");
  await expect(chain).toHaveAttribute("aria-label", /13 trials in a chain \(evaluated 9, crash 2, budget_overrun 1, gate_miss 1\)/);
  await expect(node(page, "c5")).toHaveCount(0);
  await expect(page.getByTestId("lineage-counts")).toContainText("19 trials as 7 nodes, 1 folded");
  await page.screenshot({ path: "test-results/lineage-page.png", fullPage: true });

  // Hover shows hypothesis and score.
  await node(page, "m1").hover();
  await expect(page.getByTestId("lineage-tooltip")).toContainText("combine the tuned optimizer with the narrower model");
  await expect(page.getByTestId("lineage-tooltip")).toContainText("val_bpb 1.85");

  // Clusters open from the keyboard and on click: the chain, then the four failed leaves under c3.
  await chain.focus();
  await page.keyboard.press("Enter");
  await expect(node(page, "c5")).toHaveAttribute("data-best-path", "true");
  const failed = page.locator('[data-testid="lineage-cluster"][data-cluster-kind="failed"]');
  await expect(failed).toHaveAttribute("data-count", "4");
  await failed.click();
  await expect(node(page, "f1")).toHaveAttribute("data-outcome", "crash");
  await expect(node(page, "f2")).toHaveAttribute("data-outcome", "budget_overrun");
  await expect(node(page, "f1")).not.toHaveAttribute("data-best-path", "true");
  await expect(page.getByTestId("lineage-counts")).toContainText("19 trials as 19 nodes");

  // Context edges: m1 saw c10, x2 and f1.
  await expect(page.getByTestId("context-edge")).toHaveCount(0);
  await page.getByLabel("Show context edges").check();
  await expect(page.getByTestId("context-edge")).toHaveCount(3);
  await page.getByRole("button", { name: "Fold all again" }).click();
  await expect(page.getByTestId("context-edge")).toHaveCount(3); // f1 is folded again: its edge now starts at the chain
  await page.screenshot({ path: "test-results/lineage-page-context.png", fullPage: true });
});

test("zooms and pans with buttons, keys, wheel and drag", async ({ page }) => {
  await page.goto("/runs/lin/lineage");
  const graph = page.locator('[data-testid="lineage-svg"] > g');
  await expect(graph).toHaveAttribute("transform", /scale/);
  const scale = async () => Number((await graph.getAttribute("transform"))!.match(/scale\(([\d.]+)\)/)![1]);
  const translate = async () =>
    (await graph.getAttribute("transform"))!
      .match(/translate\(([-\d.]+),([-\d.]+)\)/)!
      .slice(1)
      .map(Number);
  const k0 = await scale();
  await page.getByRole("button", { name: "Zoom in" }).click();
  expect(await scale()).toBeCloseTo(k0 * 1.25, 5);
  await page.getByRole("button", { name: "Zoom out" }).click();
  expect(await scale()).toBeCloseTo(k0, 5);

  const frame = page.getByLabel(/Lineage graph\. Arrow keys pan/);
  await frame.focus();
  await page.keyboard.press("+");
  expect(await scale()).toBeCloseTo(k0 * 1.25, 5);
  const [x0, y0] = await translate();
  await page.keyboard.press("ArrowLeft");
  expect((await translate())[0]).toBeCloseTo(x0 + 60, 5);
  expect((await translate())[1]).toBeCloseTo(y0, 5);

  const box = (await frame.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height - 20);
  await page.mouse.wheel(0, -300);
  await expect.poll(scale).toBeGreaterThan(k0 * 1.25);
  const [x1, y1] = await translate();
  await page.mouse.down();
  await page.mouse.move(box.x + 120, box.y + box.height - 60, { steps: 5 });
  await page.mouse.up();
  const [x2, y2] = await translate();
  expect(x2 - x1).toBeCloseTo(100, 0);
  expect(y2 - y1).toBeCloseTo(-40, 0);
  await expect(page).toHaveURL(/\/runs\/lin\/lineage$/); // a drag is not a click
});

test("a click on a trial opens its page", async ({ page }) => {
  await page.goto("/runs/lin/lineage");
  await page.getByRole("button", { name: "Go to best" }).click();
  await node(page, "m1").click();
  await expect(page).toHaveURL(/\/trials\/m1$/);
  await expect(page.getByRole("heading", { name: /Trial #18/ })).toBeVisible();
});

test("stays usable at 5,000 trials", async ({ page, request }) => {
  await post(request, bigRun("big", 3000, 2000));
  await page.goto("/runs/big/lineage");
  const counts = page.getByTestId("lineage-counts");
  await expect(counts).toContainText("5,000 trials as");
  const shown = Number((await counts.textContent())!.match(/as ([\d,]+) nodes/)![1].replace(/,/g, ""));
  expect(shown).toBeLessThan(400);
  await expect(node(page, "big-d2999")).toHaveAttribute("data-outcome", "best");
  await page.screenshot({ path: "test-results/lineage-5000.png" });
  // Opening a long chain shows it a chunk at a time.
  const before = await page.getByTestId("lineage-node").count();
  await page.locator('[data-testid="lineage-cluster"][data-cluster-kind="chain"]').last().click();
  await expect.poll(() => page.getByTestId("lineage-node").count()).toBe(before + 50);
});

test("an unknown run is a 404 page; a run without trials says so", async ({ page, request }) => {
  const res = await page.goto("/runs/no-such-run/lineage");
  expect(res!.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toContainText("No such run");
  await post(request, [{ schema: "lineage-trace/1", type: "run", id: "empty-run", taskId: "lineage-golf", name: "Empty" }]);
  await page.goto("/runs/empty-run/lineage");
  await expect(page.getByTestId("lineage-empty")).toBeVisible();
});

test("is readable on a narrow window", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto("/runs/lin/lineage");
  await expect(node(page, "m1")).toBeAttached();
  await expect(page.getByRole("button", { name: "Fit" })).toBeVisible();
  await page.screenshot({ path: "test-results/lineage-narrow.png", fullPage: true });
});
