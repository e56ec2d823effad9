// Issue 14 item 1: a trial's page tells how it came about, from the baseline down its first-parent
// line, each step with its hypothesis, agent, score and Δ against its parent read against the
// task's noise floor, the step's diff one click away, and the failed siblings beside each step.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { TrialAncestry } from "../lib/domain/api-responses";
import { climbRun } from "../tests/support/climb-traces";
import { toJsonl } from "../tests/support/traces";

async function post(request: APIRequestContext, records: unknown[]) {
  const res = await request.post("/api/trace", { headers: { "Content-Type": "application/x-ndjson" }, data: toJsonl(records) });
  expect(res.status(), await res.text()).toBeLessThan(300);
}

test.beforeAll(async ({ request }) => {
  await post(request, climbRun("story"));
});

test("the best's page tells its line from the baseline, with Δ read against the noise floor and the failed siblings", async ({ page, request }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/trials/story-t135");
  const steps = page.getByTestId("story-step");
  await expect(steps).toHaveCount(10);
  await expect(steps.first()).toContainText("#1");
  await expect(steps.first()).toContainText("1.081");
  await expect(steps.last()).toContainText("#135 (this trial)");
  await expect(steps.last()).toContainText("1.0722");

  // #15: the first gain, from the baseline, by the optimizer: Δ −0.0013, better
  const s15 = page.locator('[data-testid="story-step"][data-trial-id="story-t15"]');
  await expect(s15).toContainText("optimizer");
  await expect(s15).toContainText("step 1: tune the schedule");
  await expect(s15.getByTestId("story-delta")).toHaveAttribute("data-reading", "better");
  await expect(s15.getByTestId("story-delta")).toContainText("−0.0013");
  // the gain 1.0785 → 1.078 is inside the noise floor 0.0008
  const s45 = page.locator('[data-testid="story-step"][data-trial-id="story-t45"]');
  await expect(s45.getByTestId("story-delta")).toHaveAttribute("data-reading", "within_noise");
  await expect(s45.getByTestId("story-delta")).toContainText("within noise");
  await expect(page.getByTestId("trial-story").locator('[data-reading="within_noise"]')).toHaveCount(2);

  // Beside #15: #7 budget_overrun and #14 gate_miss failed from the same parent, of 13 others.
  const siblings = s15.getByTestId("story-siblings");
  await expect(siblings).toContainText("2 of 13 other trials from #1 failed");
  await expect(siblings.getByTestId("story-failed-sibling")).toHaveText(["#7 budget_overrun", "#14 gate_miss"]);

  // The step's diff is one click away.
  await s15.getByTestId("story-diff").click();
  await expect(page).toHaveURL(/\/trials\/story-t15#h-diff$/);
  await expect(page.getByRole("heading", { name: "Diff against #1" })).toBeVisible();
  await expect(page.getByTestId("story-step")).toHaveCount(2);

  // The same story over the API, in its published shape.
  const res = await request.get("/api/trials/story-t135/ancestry");
  expect(res.status()).toBe(200);
  const story = TrialAncestry.parse(await res.json());
  expect(story.steps.map((s) => s.seq)).toEqual([1, 15, 30, 45, 60, 75, 90, 105, 120, 135]);
  expect((await request.get("/api/trials/nope/ancestry")).status()).toBe(404);
});

test("a failed sibling opens from the story, and its own page tells its short line", async ({ page }) => {
  await page.goto("/trials/story-t135");
  await page.locator('[data-testid="story-step"][data-trial-id="story-t15"]').getByTestId("story-failed-sibling").first().click();
  await expect(page).toHaveURL(/\/trials\/story-t7$/);
  const steps = page.getByTestId("story-step");
  await expect(steps).toHaveCount(2);
  await expect(steps.last()).toContainText("budget_overrun");
});
