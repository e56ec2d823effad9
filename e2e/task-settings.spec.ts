// Issue 10 items 12 and 13 in the browser: the audit headline counts the run page's keeps and names
// the ones its noise check leaves out; without a noise floor it says "not checked"; an admin sets
// the noise floor on the run page (an appended revision) and the within-noise finding appears.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { toJsonl } from "../tests/support/traces";

const S = "lineage-trace/1";
const RUN = "keeps-run";
const t = (id: string, extra: Record<string, unknown>) => ({
  schema: S,
  type: "trial",
  id: `${RUN}/${id}`,
  runId: RUN,
  hypothesis: `hypothesis of ${id}`,
  ...extra,
});
const p = (id: string) => [`${RUN}/${id}`];

async function post(request: APIRequestContext, records: unknown[]) {
  const res = await request.post("/api/trace", { headers: { "Content-Type": "application/x-ndjson" }, data: toJsonl(records) });
  expect(res.status(), await res.text()).toBeLessThan(300);
}

test.beforeAll(async ({ request }) => {
  await post(request, [
    { schema: S, type: "task", id: "golf-keeps", name: "Golf keeps", metric: { name: "val_bpb", direction: "minimize" } },
    { schema: S, type: "run", id: RUN, taskId: "golf-keeps", name: "Keeps run", status: "finished" },
    t("b0", { parentIds: [], score: 1.5, kept: true }),
    t("t1", { parentIds: p("b0"), score: 1.4, kept: true }),
    t("t2", { parentIds: p("t1"), failure: "crash", failureDetail: "exit 1" }),
    t("t3", { parentIds: p("t2"), score: 1.39, kept: true }),
    t("t4", { parentIds: p("t3"), score: 1.3995, kept: true }),
  ]);
});

test("audit headline: the run page's keeps, the left-out ones named, not checked without a noise floor; an admin sets the floor", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/runs/${RUN}`);
  await expect(page.getByTestId("fig-kept")).toContainText("4");
  await page.goto(`/runs/${RUN}/audit`);
  const noise = page.getByTestId("keeps-within-noise");
  await expect(noise).toContainText("not checked: no noise floor declared (4 keeps)");
  await page.getByTestId("keeps-left-out").locator("summary").click();
  await expect(page.getByTestId("keeps-left-out")).toContainText("2 keeps not measured");
  await expect(page.getByTestId("keeps-left-out")).toContainText("a baseline: it has no parent to gain over");
  await expect(page.getByTestId("keeps-left-out")).toContainText("its parent has no score");
  await page.screenshot({ path: "test-results/audit-keeps-not-checked.png", fullPage: true });

  await page.goto(`/runs/${RUN}`);
  const panel = page.getByTestId("task-settings-panel");
  await panel.getByText("Revise the settings").click();
  await panel.getByLabel("noise floor").fill("abc");
  await panel.getByRole("button", { name: "Save revision" }).click();
  await expect(page.getByTestId("task-settings-status")).toContainText('noise floor: "abc" is not a number');
  await panel.getByLabel("noise floor").fill("0.001");
  await panel.getByRole("button", { name: "Save revision" }).click();
  await expect(page.getByTestId("task-settings-status")).toContainText("Saved as revision 1");
  await expect(page.getByTestId("task-settings")).toContainText("0.001");
  await panel.getByText("1 revision since the task was recorded").click();
  await expect(page.getByTestId("task-revisions")).toContainText("#1 by local");
  await page.screenshot({ path: "test-results/task-settings-revised.png", fullPage: true });

  await page.goto(`/runs/${RUN}/audit`);
  await expect(noise).toContainText("1 of 2 measured");
  await expect(noise).toContainText("4 keeps in all");
  await page.goto(`/trials/${encodeURIComponent(`${RUN}/t4`)}`);
  await expect(page.getByText("within noise").first()).toBeVisible();
});
