// RELIABILITY 12–13: every text field of a trace carries markup and script payloads; on the trial,
// lineage and compare pages nothing runs, no dialog opens, no javascript: link exists, and the
// text is shown literally.
import { expect, test, type Page } from "@playwright/test";
import { evilDiff, hostileRecords as records, X } from "../tests/support/hostile-trace";
import { toJsonl } from "../tests/support/traces";

const dialogs: string[] = [];

async function assertInert(page: Page) {
  expect(dialogs, "no dialog may open").toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('a[href^="javascript:" i], a[href^="data:" i]')).toHaveCount(0);
  await expect(page.locator("b", { hasText: "context" })).toHaveCount(0);
}

test.beforeAll(async ({ request }) => {
  const res = await request.post("/api/trace", { headers: { "Content-Type": "application/x-ndjson" }, data: toJsonl(records) });
  expect(res.status(), await res.text()).toBe(201);
});

test.beforeEach(async ({ page }) => {
  dialogs.length = 0;
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
});

test("the trial page shows every payload as text and runs none of it", async ({ page }) => {
  await page.goto("/trials/evil-1");
  await expect(page.getByTestId("trial-hypothesis")).toHaveText(X(11));
  await expect(page.getByTestId("trial-details")).toContainText(X(7));
  await expect(page.getByTestId("trial-details")).toContainText(X(8));
  await expect(page.getByTestId("trial-details")).toContainText(X(9));
  await expect(page.getByTestId("trial-outcome")).toContainText(`m${X(3)}`);
  await expect(page.getByTestId("trial-metrics")).toContainText(X(13));
  await expect(page.getByTestId("trial-feedback")).toContainText(X(16));
  await page.getByTestId("trial-context").locator("summary").click();
  await expect(page.getByTestId("trial-context")).toContainText(X(15));
  await page.getByTestId("trial-log").locator("summary").click();
  await expect(page.getByTestId("trial-log")).toContainText(X(14));
  await page.getByTestId("trial-extra").locator("summary").click();
  await expect(page.getByTestId("trial-extra")).toContainText("<script>window.__pwned=17</script>");

  // The diff: file names, hunk header and lines with markup, drawn by diff2html, stay text.
  const rich = page.getByTestId("diff-rich");
  await expect(rich.locator(".d2h-file-list")).toContainText("<img src=x onerror=alert(41)>.py");
  await expect(rich.locator(".d2h-file-name").first()).toContainText("<img src=x onerror=alert(41)>.py");
  await expect(rich).toContainText("<script>window.__pwned=42</script>");
  await expect(rich).toContainText("<script>window.__pwned=44</script>");
  await expect(rich).toContainText('<img src=x onerror="window.__pwned=45">');
  await expect(rich).toContainText('<a href="javascript:alert(43)">old</a>');
  await assertInert(page);
  await page.getByRole("button", { name: "Side by side" }).click();
  await expect(rich).toContainText("<script>window.__pwned=44</script>");
  await assertInert(page);
  await page.screenshot({ path: "test-results/untrusted-trial.png", fullPage: true });
  await page.getByRole("button", { name: "Show raw" }).click();
  await expect(page.getByTestId("diff-raw").locator("pre")).toHaveText(evilDiff);

  // A comparison of two diffs carries the same payloads through the same renderer.
  await page.goto("/trials/evil-1?seq=1");
  await expect(page.getByTestId("trial-compare").getByTestId("diff-rich")).toContainText("<script>window.__pwned=44</script>");
  await assertInert(page);

  await page.goto("/trials/evil-2");
  await expect(page.getByTestId("failure-detail")).toHaveText(X(19));
  await expect(page.getByTestId("trial-log")).toContainText(X(20));
  await assertInert(page);
});

test("the lineage page shows payloads literally in labels and hover cards", async ({ page }) => {
  await page.goto("/runs/evil-run/lineage");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Lineage of ${X(5)}`);
  const node = page.locator('[data-testid="lineage-node"][data-trial-id="evil-1"]');
  await node.hover();
  await expect(page.getByTestId("lineage-tooltip")).toContainText(X(11).slice(0, 120));
  await expect(page.getByTestId("lineage-tooltip")).toContainText(`agent ${X(7)}`);
  await page.getByLabel("Show context edges").check();
  await expect(page.getByTestId("context-edge")).toHaveCount(1);
  await assertInert(page);
  await page.screenshot({ path: "test-results/untrusted-lineage.png" });
});

test("the compare page shows run and task names literally", async ({ page }) => {
  await page.goto("/compare?runs=evil-run,evil-run-2");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Compare runs of ${X(1)}`);
  await expect(page.getByTestId("compare-row").nth(0)).toContainText(X(5));
  await expect(page.getByTestId("compare-row").nth(1)).toContainText(X(6));
  await expect(page.getByTestId("run-picker")).toContainText(X(6));
  await expect(page.getByTestId("compare-chart")).toContainText("<script>window.__pwned=5</script>");
  await assertInert(page);
  await page.screenshot({ path: "test-results/untrusted-compare.png", fullPage: true });
});
