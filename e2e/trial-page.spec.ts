import { expect, test, type APIRequestContext } from "@playwright/test";
import { lineageRun } from "../tests/support/lineage-traces";
import { toJsonl, trial } from "../tests/support/traces";

async function post(request: APIRequestContext, records: unknown[]) {
  const res = await request.post("/api/trace", { headers: { "Content-Type": "application/x-ndjson" }, data: toJsonl(records) });
  expect(res.status(), await res.text()).toBeLessThan(300);
}

test.beforeAll(async ({ request }) => {
  await post(request, lineageRun());
});

test("shows a combination trial: hypothesis, agent, links, outcome, metrics, context, feedback and chain", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/trials/m1");
  await expect(page.getByRole("heading", { name: /Trial #18/ })).toContainText("new best");
  await expect(page.getByTestId("trial-hypothesis")).toHaveText("combine the tuned optimizer with the narrower model");
  await expect(page.getByTestId("trial-details")).toContainText("architecture");
  await expect(page.getByTestId("trial-parents").getByRole("link")).toHaveText(["#11 c10", "#17 x2"]);
  await expect(page.getByTestId("trial-children").getByRole("link")).toHaveText(["#19 p1"]);
  await expect(page.getByTestId("trial-outcome")).toContainText("1.85 bits/byte");
  // 1.85 against its first parent c10 (1.90) and against the best before it (c10, 1.90): both better.
  await expect(page.getByTestId("delta-parent")).toHaveText("−0.05");
  await expect(page.getByTestId("delta-parent")).toHaveClass(/good/);
  await expect(page.getByTestId("delta-best")).toContainText("−0.05");
  await expect(page.getByTestId("trial-metrics")).toContainText("accuracy");
  await expect(page.getByTestId("trial-metrics")).toContainText("12.5");
  await expect(page.getByTestId("trial-context-refs").getByRole("link")).toHaveText(["#11 c10", "#17 x2", "#12 f1"]);
  await page.getByTestId("trial-context").locator("summary").click();
  await expect(page.getByTestId("trial-context")).toContainText("c10 scored 1.90; x2 scored 1.95; f1 crashed");
  await expect(page.getByTestId("trial-feedback")).toContainText("the combination is the new best");
  await expect(page.getByTestId("trial-chain").locator("[data-state]")).toHaveAttribute("data-state", "intact");

  // The diff: file list, line by line by default, side by side on request, raw text on request.
  const diff = page.getByTestId("diff-view").first();
  await expect(diff.locator(".d2h-file-list")).toContainText("model.py");
  await expect(diff.locator("td.d2h-ins:not(.d2h-code-linenumber)").first()).toContainText("return 384");
  await expect(diff.locator(".hljs-keyword", { hasText: "return" }).first()).toBeVisible(); // syntax colouring
  await diff.getByRole("button", { name: "Side by side" }).click();
  await expect(diff.locator(".d2h-file-side-diff")).toHaveCount(2);
  await page.screenshot({ path: "test-results/trial-page.png", fullPage: true });
  await diff.getByRole("button", { name: "Show raw" }).click();
  await expect(diff.getByTestId("diff-raw").locator("pre")).toContainText("+    return 384");
  await expect(page.getByTestId("diff-capped")).toHaveCount(0);
});

test("shows a failed trial's label, detail and log tail", async ({ page }) => {
  await page.goto("/trials/f2");
  await expect(page.getByTestId("trial-outcome")).toContainText("budget_overrun");
  await expect(page.getByTestId("failure-detail")).toHaveText("detail 2");
  await expect(page.getByTestId("trial-log")).toContainText("Traceback 2");
  await expect(page.getByText("No diff recorded.")).toBeVisible();
});

test("compares with another trial through the URL", async ({ page }) => {
  await page.goto("/trials/c2");
  await page.getByLabel("Compare with trial #").fill("17");
  await page.getByRole("button", { name: "Compare" }).click();
  await expect(page).toHaveURL(/\/trials\/c2\?seq=17$/);
  const compare = page.getByTestId("trial-compare");
  await expect(compare).toContainText("Trial #3's diff against trial #17's diff");
  await expect(compare.getByTestId("diff-view").locator(".d2h-file-list")).toContainText("trial-3.diff");
  await expect(compare.getByTestId("diff-view")).toContainText("return 384");
  await page.goto("/trials/c2?seq=3");
  await expect(page.getByTestId("compare-identical")).toBeVisible();
  await page.goto("/trials/c2?seq=999");
  await expect(page.getByTestId("trial-compare").getByRole("alert")).toContainText("seq 999 does not exist");
});

test("an unknown trial is a 404 page", async ({ page }) => {
  const res = await page.goto("/trials/no-such-trial");
  expect(res!.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toContainText("No such trial");
});

test("caps a 40,000-line diff and a 1 MB single-line diff, with the raw text as fallback", async ({ page, request }) => {
  const header = "diff --git a/big.py b/big.py\n--- a/big.py\n+++ b/big.py\n@@ -0,0 +1,40000 @@\n";
  const manyLines = header + Array.from({ length: 40_000 }, (_, i) => `+x_${i} = ${i}`).join("\n") + "\n";
  const oneLine = "diff --git a/min.js b/min.js\n--- a/min.js\n+++ b/min.js\n@@ -0,0 +1 @@\n+" + "a".repeat(1_000_000) + "_END\n";
  await post(request, [
    trial("huge-lines", { runId: "lin", parentIds: ["b0"], score: 2.5, diff: manyLines }),
    trial("huge-line", { runId: "lin", parentIds: ["b0"], score: 2.6, diff: oneLine }),
  ]);

  await page.goto("/trials/huge-lines");
  await expect(page.getByTestId("diff-capped")).toContainText("showing the first 500 of 40,004 lines");
  const rich = page.getByTestId("diff-rich");
  await expect(rich.locator("td.d2h-code-linenumber.d2h-ins")).toHaveCount(496);
  await expect(rich).toContainText("x_495 = 495");
  await expect(rich).not.toContainText("x_496 = 496");
  // syntax colouring reaches the last line drawn (it is added a slice at a time)
  await expect(rich.locator(".d2h-code-line-ctn.hljs").last()).toContainText("x_495 = 495");
  await page.screenshot({ path: "test-results/trial-huge-diff.png" });
  await page.getByRole("button", { name: "Show the raw diff" }).click();
  const raw = page.getByTestId("diff-raw").locator("pre");
  await expect(raw).toContainText("+x_39999 = 39999");
  await expect(page.getByTestId("diff-raw").getByRole("link", { name: "Open the raw diff as a text file" })).toHaveAttribute(
    "href",
    "/api/trials/huge-lines/diff",
  );

  await page.goto("/trials/huge-line");
  await expect(page.getByTestId("diff-capped")).toContainText("1 very long line cut");
  await expect(page.getByTestId("diff-rich")).toContainText("[998,005 more characters]");
  await page.getByRole("button", { name: "Show raw" }).click();
  const rawText = await page.getByTestId("diff-raw").locator("pre").textContent();
  expect(rawText!.length).toBeGreaterThan(1_000_000);
  expect(rawText!.trimEnd().endsWith("_END")).toBe(true);
});

test("side by side, the two halves of a wide diff scroll together", async ({ page, request }) => {
  const wide = `diff --git a/w.py b/w.py\n--- a/w.py\n+++ b/w.py\n@@ -1 +1 @@\n-old = "${"b".repeat(1500)}"\n+new = "${"c".repeat(1500)}"\n`;
  await post(request, [trial("wide-line", { runId: "lin", parentIds: ["b0"], score: 2.7, diff: wide })]);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/trials/wide-line");
  await page.getByRole("button", { name: "Side by side" }).click();
  const halves = page.getByTestId("diff-rich").locator(".d2h-file-side-diff");
  await expect(halves).toHaveCount(2);
  await halves.nth(0).evaluate((el) => (el.scrollLeft = 400));
  await expect.poll(() => halves.nth(1).evaluate((el) => el.scrollLeft)).toBe(400);
  await halves.nth(1).evaluate((el) => (el.scrollLeft = 100));
  await expect.poll(() => halves.nth(0).evaluate((el) => el.scrollLeft)).toBe(100);
});

test("is readable on a narrow window", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto("/trials/m1");
  await expect(page.getByTestId("trial-hypothesis")).toBeVisible();
  await page.screenshot({ path: "test-results/trial-narrow.png", fullPage: true });
});
