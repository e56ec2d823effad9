// Issue 10 item 16 in the browser: counted nouns and one-trial windows, the score curve's y label
// whole, the re-evaluate button off (and why) on a trial without stored code, line numbers clear of
// the code in the line-by-line diff, an icon on every page (no 404), and imports on /activity.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { toJsonl } from "../tests/support/traces";

const S = "lineage-trace/1";
const RUN = "words-run";
const trial = (id: string, extra: Record<string, unknown>) => ({
  schema: S,
  type: "trial",
  id: `${RUN}/${id}`,
  runId: RUN,
  hypothesis: `hypothesis of ${id}`,
  ...extra,
});
const LONG = 123456;
const diff = `diff --git a/model.py b/model.py\n--- a/model.py\n+++ b/model.py\n@@ -${LONG},3 +${LONG},3 @@\n context line one\n-lr = 0.01  # a line long enough to sit right where the numbers are drawn\n+lr = 0.02  # a line long enough to sit right where the numbers are drawn\n context line two\n`;

async function post(request: APIRequestContext, records: unknown[]) {
  const res = await request.post("/api/trace", { headers: { "Content-Type": "application/x-ndjson" }, data: toJsonl(records) });
  expect(res.status(), await res.text()).toBeLessThan(300);
}

test.beforeAll(async ({ request }) => {
  await post(request, [
    { schema: S, type: "task", id: "words", name: "Words", metric: { name: "val_bpb", direction: "minimize", unit: "bits/byte" } },
    { schema: S, type: "run", id: RUN, taskId: "words", name: "Words run", status: "finished" },
    trial("t0", { parentIds: [], score: 1.5 }),
    trial("t1", { parentIds: [`${RUN}/t0`], failure: "crash", failureDetail: "exit 1" }),
    trial("t2", { parentIds: [`${RUN}/t0`], score: 1.4, kept: true, diff }),
  ]);
});

test("run page: one-trial windows labelled 'trial N', nouns pluralised, the y label whole; no 404 and an icon", async ({ page }) => {
  const missing: string[] = [];
  page.on("response", (r) => r.status() === 404 && missing.push(r.url()));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/runs/${RUN}`);
  const windows = page.getByTestId("failure-windows");
  await expect(windows).toContainText("Failed trials, trial by trial.");
  await expect(windows).not.toContainText("1 trials");
  await expect(windows.locator("svg text", { hasText: /^trial 2$/ })).toHaveCount(1);
  expect((await windows.locator("svg text").allTextContents()).filter((t) => t.startsWith("trial"))).toEqual(["trial 1", "trial 2", "trial 3"]);
  await expect(page.getByTestId("curve-y-label")).toHaveText("val_bpb (bits/byte) · lower is better");
  const icon = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(icon).toBeTruthy();
  expect((await page.request.get(icon!)).status()).toBe(200);
  await page.waitForLoadState("networkidle");
  expect(missing).toEqual([]);
  await page.screenshot({ path: "test-results/state-words-run.png", fullPage: true });
});

test("trial page: re-evaluate is off with the reason; line numbers stay clear of the code, rows as tall as their line", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/trials/${encodeURIComponent(`${RUN}/t2`)}`);
  await expect(page.getByTestId("reeval-button")).toBeDisabled();
  await expect(page.getByTestId("reeval-blocked")).toContainText("no stored code");
  await page.getByRole("button", { name: "Line by line" }).first().click();
  const row = page.getByTestId("diff-rich").locator("tr", { hasText: "lr = 0.02" }).first();
  await expect(row).toBeVisible();
  await expect(row.locator(".d2h-code-linenumber")).toContainText(String(LONG + 1));
  const num = (await row.locator(".d2h-code-linenumber").boundingBox())!;
  const code = (await row.locator(".d2h-code-line-ctn").boundingBox())!;
  expect(num.x + num.width).toBeLessThanOrEqual(code.x + 0.5);
  // a row is as tall as its line of code: the app's padded, ruled table cells made it twice that
  const line = (await row.boundingBox())!;
  expect(line.height).toBeLessThanOrEqual(code.height + 2);
  await row.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/state-words-diff.png", fullPage: true });
});

test("/activity lists an import with the run it made", async ({ page, request }) => {
  const board = join(import.meta.dirname, "../tests/fixtures/importers/recipes/pg_small/blackboard");
  const form = new FormData();
  form.set("format", "recipes");
  form.set("runName", "activity import");
  for (const f of ["results.tsv", "tree.tsv", "best.json"]) form.append("files", new File([readFileSync(join(board, f))], f));
  const res = await request.post("/api/import", { multipart: form });
  expect(res.status(), await res.text()).toBe(201);
  const runId = ((await res.json()) as { run: { id: string } }).run.id;
  await page.goto("/activity");
  const row = page.getByTestId("activity-table").locator("tr", { hasText: "import" }).first();
  await expect(row).toContainText("activity import");
  await expect(row.getByRole("link", { name: runId })).toBeVisible();
  await page.screenshot({ path: "test-results/state-words-activity.png", fullPage: true });
});
