// The audit pages in Debian's chromium: the queue worked from the keyboard, the domain review,
// the report download and the verdict history on the trial page. Data goes in through the API.
import { readFileSync } from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { auditTrace } from "../tests/support/audit-trace";

const RUN = "e2e-audit";
const S = "lineage-trace/1";
const HOSTILE = {
  schema: S,
  type: "trial",
  id: `${RUN}/x1`,
  runId: RUN,
  parentIds: [`${RUN}/b0`],
  hypothesis: `<img src=x onerror="alert('hyp')">`,
  score: 1.6,
  diff: `--- a/eval/<script>alert('f')</script>.py\n+++ b/eval/<script>alert('f')</script>.py\n@@ -1 +1 @@\n-a\n+<script>alert('hunk')</script>\n`,
};

async function post(request: APIRequestContext, records: unknown[]) {
  const res = await request.post("/api/trace", {
    headers: { "Content-Type": "application/x-ndjson" },
    data: records.map((r) => JSON.stringify(r)).join("\n") + "\n",
  });
  expect(res.status(), await res.text()).toBeLessThan(300);
}

test.beforeAll(async ({ request }) => {
  await post(request, [...auditTrace(RUN), HOSTILE]);
});

test("the audit queue: kept and best first, verdicts from the keyboard, moving to the next item", async ({ page }) => {
  page.on("dialog", () => {
    throw new Error("a dialog opened: untrusted text ran as script");
  });
  await page.goto(`/runs/${RUN}/audit`);
  await expect(page.getByTestId("keeps-within-noise")).toContainText("1 of 3 measured");
  await expect(page.getByTestId("legal-best")).toHaveText("1.2");
  const items = page.getByTestId("queue-item");
  await expect(items).toHaveCount(7);
  await expect(items.nth(0)).toHaveAttribute("aria-current", "true");
  await expect(items.nth(0)).toContainText("#1");
  await expect(items.nth(4)).toContainText("#5"); // the rest after the four kept/best ones

  await page.keyboard.press("j");
  await expect(items.nth(1)).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("l");
  await expect(page.getByRole("radio", { name: /Legal/ })).toBeChecked();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("audit-announce")).toHaveText(/Recorded legal for trial #2/);
  await expect(items.nth(2)).toHaveAttribute("aria-current", "true");
  await expect(items.nth(1)).toContainText("legal");

  await page.keyboard.press("j"); // #4: the edit to the protected scorer
  const current = page.getByTestId("audit-current");
  await expect(current.getByTestId("findings")).toContainText("protected path");
  await expect(current.getByLabel("evidence for protected path")).toContainText("score_fn(y) * 0.9");
  await page.keyboard.press("i");
  const reason = page.getByRole("textbox", { name: /Reason/ });
  await expect(reason).toBeFocused();
  await reason.press("Enter"); // no reason yet: refused in place
  await expect(items.nth(3)).toContainText("unreviewed");
  await reason.fill("edits the evaluator's scoring code");
  await reason.press("Enter");
  await expect(page.getByTestId("audit-announce")).toHaveText(/Recorded illegal for trial #4/);
  await expect(items.nth(3)).toContainText("illegal");

  await page.reload();
  await expect(page.getByTestId("legal-best")).toHaveText("1.3995");
  await page.screenshot({ path: "test-results/audit-queue.png", fullPage: true });

  await page.goto(`/trials/${encodeURIComponent(`${RUN}/t3`)}`);
  const history = page.getByTestId("verdict-history");
  await expect(history).toContainText("illegal");
  await expect(history).toContainText("edits the evaluator's scoring code");
  await expect(page.getByTestId("trial-audit")).toContainText("protected path");

  await page.goto(`/runs/${RUN}/audit`);
  await items.nth(6).click(); // the hostile trial: its markup stays text
  await expect(page.getByTestId("audit-current")).toContainText(`<img src=x onerror="alert('hyp')">`);
  await expect(page.getByTestId("audit-current")).toContainText("<script>alert('hunk')</script>");
});

test("the architecture review lists every submission touching the domain, with counts, URL-driven", async ({ page }) => {
  await page.goto(`/runs/${RUN}/audit/review?domain=architecture`);
  await expect(page.getByTestId("review-counts")).toHaveText("3 submissions: 0 legal, 0 illegal, 0 needs review, 3 unreviewed");
  const rows = page.getByTestId("review-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1).getByTestId("disagreement")).toBeVisible(); // declared optimizer, edits the model
  await expect(rows.nth(0)).toContainText("outside its surface");
  await expect(rows.nth(0)).toContainText("within noise");
  await expect(rows.nth(2)).toContainText("no diff: the declared domain stands");
  await page.getByRole("link", { name: /^optimizer \(/ }).click();
  await expect(page).toHaveURL(/domain=optimizer/);
  await expect(page.getByTestId("review-counts")).toContainText("4 submissions: 1 legal, 1 illegal");
  await page.screenshot({ path: "test-results/audit-review.png", fullPage: true });
});

test("the report downloads from the audit page", async ({ page }) => {
  await page.goto(`/runs/${RUN}/audit`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download report (Markdown)" }).click()]);
  const text = readFileSync((await download.path())!, "utf8");
  expect(text).toContain("# Audit report");
  expect(text).toContain("Hash chain intact");
  expect(text).toContain("1 of 3 measured keeps within noise");
});
