// Working through an audit (issue 14, items 6 and 7) in Debian's chromium, on an imported run of our
// own fixture: rows an auditor scans, filters kept in the URL, the next unreviewed trial one key
// away, bulk verdicts with one reason, verdicts from the domain-review table, "n of m reviewed",
// and notes on the run and a trial that the audit report carries.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { auditTrace } from "../tests/support/audit-trace";

const RUN = "e2e-audit-work";

async function post(request: APIRequestContext, records: unknown[]) {
  const res = await request.post("/api/trace", {
    headers: { "Content-Type": "application/x-ndjson" },
    data: records.map((r) => JSON.stringify(r)).join("\n") + "\n",
  });
  expect(res.status(), await res.text()).toBeLessThan(300);
}

test.beforeAll(async ({ request }) => {
  await post(request, auditTrace(RUN));
});

test("the queue's rows, filters in the URL, the next unreviewed trial on u, and bulk verdicts", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/runs/${RUN}/audit`);
  const rows = page.getByTestId("queue-row");
  await expect(rows).toHaveCount(6);
  const progress = page.getByTestId("queue-progress");
  await expect(progress).toContainText("0 of 6 reviewed");
  // #3 (t2): agent, score, Δ, both domains, its findings
  const t2 = page.locator('[data-testid="queue-row"][data-seq="3"]');
  await expect(t2).toContainText("architecture");
  await expect(t2).toContainText("hypothesis of t2");
  await expect(t2.getByTestId("queue-score")).toHaveText("1.3995");
  await expect(t2).toContainText("Δ −0.0005");
  await expect(t2).toContainText("optimizer");
  await expect(t2).toContainText("outside its surface");
  await page.screenshot({ path: "test-results/audit-work-1280.png", fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: "test-results/audit-work-1440.png", fullPage: true });

  await page.getByRole("form", { name: "Filter the queue" }).getByLabel("Agent").selectOption({ label: "architecture" });
  await expect(page).toHaveURL(/agent=e2e-audit-work%2Farch/);
  await expect(rows).toHaveCount(3);
  await expect(progress).toContainText("0 of 3 reviewed (of the trials these filters keep)");
  await page.getByRole("form", { name: "Filter the queue" }).getByLabel("Finding").selectOption({ label: "wall-clock over budget" });
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("#5");
  await page.reload(); // the filters are in the URL
  await expect(page.getByRole("form", { name: "Filter the queue" }).getByLabel("Finding")).toHaveValue("budget_wallclock");
  await expect(rows).toHaveCount(1);
  await page.getByRole("form", { name: "Filter the queue" }).getByLabel("Finding").selectOption({ label: "any" });
  await expect(rows).toHaveCount(3);
  await expect(page).not.toHaveURL(/finding=/);
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(rows).toHaveCount(6);
  await expect(page).not.toHaveURL(/agent=/);

  // bulk: select #1 and #2 with x and the checkbox, one reason for both
  await page.keyboard.press("x");
  await rows.nth(1).getByTestId("queue-select").check();
  const bar = page.getByTestId("bulk-bar");
  await expect(bar).toContainText("2 selected");
  await bar.getByLabel("Verdict").selectOption("legal");
  await bar.getByLabel(/Reason/).fill("read both diffs");
  await bar.getByRole("button", { name: "Record for 2 trials" }).click();
  await expect(page.getByTestId("audit-announce")).toHaveText("Recorded legal for 2 trials.");
  await expect(rows.nth(0)).toContainText("legal");
  await expect(rows.nth(1)).toContainText("legal");
  await expect(progress).toContainText("2 of 6 reviewed");
  await expect(bar).toHaveCount(0);

  // u: the next trial with no verdict, from #1 past the two judged ones
  await expect(page.getByTestId("next-unreviewed")).toContainText("u");
  await page.keyboard.press("u");
  await expect(page.getByTestId("queue-item").nth(2)).toHaveAttribute("aria-current", "true");
  await expect(page.getByTestId("audit-current")).toContainText("Trial #3");

  await page.reload(); // recorded, one per trial
  await expect(progress).toContainText("2 of 6 reviewed");
  await page.getByRole("form", { name: "Filter the queue" }).getByLabel("Verdict").selectOption("legal");
  await expect(rows).toHaveCount(2);
});

test("verdicts from the domain-review table", async ({ page }) => {
  await page.goto(`/runs/${RUN}/audit/review?domain=architecture`);
  const row = page.getByTestId("review-row").filter({ hasText: "#5" });
  await row.getByRole("combobox", { name: "verdict for trial #5" }).selectOption("illegal");
  await row.getByRole("button", { name: "Record" }).click();
  await expect(row.getByRole("alert")).toHaveText("an illegal verdict needs a reason");
  await row.getByRole("textbox", { name: "reason for trial #5" }).fill("over the wall-clock budget");
  await row.getByRole("button", { name: "Record" }).click();
  await expect(row.getByTestId("review-status")).toHaveText("illegal");
  await page.reload();
  await expect(page.getByTestId("review-counts")).toContainText("1 illegal");
  await page.goto(`/runs/${RUN}/audit?verdict=illegal`);
  await expect(page.getByTestId("queue-row")).toHaveCount(1);
  await expect(page.getByTestId("queue-row")).toContainText("#5");
});

test("notes on the run and on a trial, by who and when, appended, in the audit report", async ({ page, request }) => {
  await page.goto(`/runs/${RUN}`);
  const runNotes = page.getByTestId("notes");
  await expect(runNotes).toContainText("No notes yet.");
  await runNotes.getByRole("textbox", { name: "Add a note" }).fill("Seed 2 shares the tokenizer bug.\nSee #4.");
  await runNotes.getByRole("button", { name: "Add note" }).click();
  await expect(runNotes.getByTestId("note")).toHaveCount(1);
  await expect(runNotes.getByTestId("note")).toContainText("local");
  await expect(runNotes.getByTestId("note")).toContainText("Seed 2 shares the tokenizer bug.");
  await runNotes.getByRole("button", { name: "Add note" }).click(); // empty: refused in place
  await expect(runNotes.getByRole("alert")).toHaveText("a note needs some text");

  await page.goto(`/trials/${encodeURIComponent(`${RUN}/t3`)}`);
  const trialNotes = page.getByTestId("notes");
  await trialNotes.getByRole("textbox", { name: "Add a note" }).fill("The scorer edit <script>alert(1)</script> looks deliberate.");
  await trialNotes.getByRole("button", { name: "Add note" }).click();
  await expect(trialNotes.getByTestId("note")).toContainText("<script>alert(1)</script>");
  await page.reload();
  await expect(page.getByTestId("notes").getByTestId("note")).toHaveCount(1);
  await expect(page.getByTestId("notes").locator("time")).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);

  await page.goto(`/runs/${RUN}/audit`);
  await expect(page.getByTestId("notes").getByTestId("note")).toContainText("Seed 2 shares the tokenizer bug.");
  const md = await (await request.get(`/api/runs/${RUN}/audit/report?format=md`)).text();
  expect(md).toContain("## Notes");
  expect(md).toMatch(/- On the run, by local at [0-9T:.-]+Z:/);
  expect(md).toContain("- On trial #4 `e2e-audit-work/t3`, by local at");
  expect(md).toContain("See #4.");
});
