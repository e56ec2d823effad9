// Issue 14 items 1 and 2 on a run the runner made: a golf-mini run of 8 trials, then its best
// trial's ancestry story and its score curve's view switches, as on imported runs.
import { expect, test } from "@playwright/test";
import { TrialAncestry, TrialsPage } from "../lib/domain/api-responses";

test("a runner-made golf-mini run: the best's story reaches the baseline, the curve's view is in the URL", async ({ page, request }) => {
  test.setTimeout(240_000);
  const res = await request.post("/api/runs", { data: { task: "golf-mini", trials: 8, name: "e2e golf-mini story" } });
  expect(res.status(), await res.text()).toBe(201);
  const runId = ((await res.json()) as { id: string }).id;
  try {
    await expect
      .poll(async () => ((await (await request.get(`/api/runs/${encodeURIComponent(runId)}`)).json()) as { status: string }).status, {
        timeout: 200_000,
        intervals: [2000],
      })
      .toBe("finished");
  } finally {
    await request.post(`/api/runs/${encodeURIComponent(runId)}/control/stop`).catch(() => {});
  }
  const trials = TrialsPage.parse(await (await request.get(`/api/runs/${encodeURIComponent(runId)}/trials?limit=50`)).json()).items;
  const best = [...trials].reverse().find((t) => t.isBest)!;
  const story = TrialAncestry.parse(await (await request.get(`/api/trials/${encodeURIComponent(best.id)}/ancestry`)).json());
  // The runner's parents are bests: the line runs from the baseline (seq 1) to the best, gaining at each step.
  expect(story.steps[0].seq).toBe(1);
  expect(story.steps.at(-1)!.id).toBe(best.id);
  for (const s of story.steps.slice(1)) expect(["better", "within_noise"]).toContain(s.reading);
  const failedFromSameParent = trials.filter((t) => t.failure && t.parentIds[0] === story.steps.at(-1)!.parentId);
  expect(story.steps.at(-1)!.failedSiblingCount).toBe(failedFromSameParent.length);

  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/trials/${encodeURIComponent(best.id)}`);
  await expect(page.getByTestId("story-step")).toHaveCount(story.steps.length);
  await expect(page.getByTestId("story-step").last()).toContainText("(this trial)");
  await page.screenshot({ path: "test-results/golf-mini-story.png", fullPage: true });

  await page.goto(`/runs/${encodeURIComponent(runId)}`);
  await page.getByLabel("log scale").check();
  await page.getByLabel("running median").check();
  await expect.poll(() => new URL(page.url()).search).toContain("yscale=log");
  expect(new URL(page.url()).searchParams.get("smooth")).toBe("on");
  await expect(page.getByTestId("score-curve").locator(".legend")).toContainText("running median");
  await page.reload();
  await expect(page.getByLabel("log scale")).toBeChecked();
});
