// Issue 14 items 4–8 on runs the runner made: two golf-mini runs of one seed, with lineage feedback
// and without, compared at equal budget (figures checked against the trials API), the failure chart,
// the audit queue worked through with a bulk verdict, a note that reaches the audit report, and the
// lineage graph fitted whole.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { TrialsPage } from "../lib/domain/api-responses";
import { boxes } from "./lineage-boxes";

const TRIALS = 6;
let lineageRun = "";
let controlRun = "";

async function startAndFinish(request: APIRequestContext, feedback: "lineage" | "none"): Promise<string> {
  const res = await request.post("/api/runs", { data: { task: "golf-mini", trials: TRIALS, feedback, seed: 7, name: `e2e team ${feedback}` } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function waitFinished(request: APIRequestContext, id: string) {
  await expect
    .poll(async () => ((await (await request.get(`/api/runs/${encodeURIComponent(id)}`)).json()) as { status: string }).status, {
      timeout: 200_000,
      intervals: [2000],
    })
    .toBe("finished");
}

/** Each run's best over its first n trials in seq order, from the trials API (val_bpb is minimised). */
async function bestWithin(request: APIRequestContext, id: string, n: number): Promise<number> {
  const items = TrialsPage.parse(await (await request.get(`/api/runs/${encodeURIComponent(id)}/trials?limit=50&sort=seq`)).json()).items;
  const scores = items.filter((t) => t.seq <= n && !t.failure && t.score !== null).map((t) => t.score!);
  return Math.min(...scores);
}

const num = (text: string) => Number(text.replace("−", "-").replace(/,/g, ""));

test.beforeAll(async ({ request }) => {
  test.setTimeout(300_000);
  lineageRun = await startAndFinish(request, "lineage");
  controlRun = await startAndFinish(request, "none");
  await waitFinished(request, lineageRun);
  await waitFinished(request, controlRun);
});

test("compare at equal budget: each arm's best at the smallest run's trial count, as the trials say, one winner", async ({ page, request }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/compare?runs=${encodeURIComponent(lineageRun)},${encodeURIComponent(controlRun)}`);
  const rows = page.getByTestId("matched-trials").getByTestId("matched-row");
  await expect(rows).toHaveCount(2);
  const expected = new Map([
    ["e2e team lineage", await bestWithin(request, lineageRun, TRIALS)],
    ["e2e team none", await bestWithin(request, controlRun, TRIALS)],
  ]);
  for (let i = 0; i < 2; i++) {
    const row = rows.nth(i);
    const name = (await row.textContent())!.includes("e2e team lineage") ? "e2e team lineage" : "e2e team none";
    expect(num(await row.getByTestId("matched-mean").innerText())).toBeCloseTo(expected.get(name)!, 3);
  }
  const winners = await rows.filter({ hasText: "winner" }).count();
  const tie = expected.get("e2e team lineage") === expected.get("e2e team none");
  expect(winners).toBe(tie ? 2 : 1);
  await expect(page.getByTestId("failure-rate-chart")).toBeVisible();
  await expect(page.getByTestId("failure-lesson")).toHaveCount(2);
  await page.screenshot({ path: "test-results/golf-team-compare-1280.png", fullPage: true });
});

test("the audit queue of a runner-made run: n of m reviewed, a bulk verdict, a note in the report", async ({ page, request }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/runs/${encodeURIComponent(lineageRun)}/audit`);
  const rows = page.getByTestId("queue-row");
  await expect(rows.first()).toBeVisible();
  const m = await rows.count();
  const progress = page.getByTestId("queue-progress");
  await expect(progress).toContainText(`0 of ${m} reviewed`);
  await rows.nth(0).getByTestId("queue-select").check();
  await rows.nth(1).getByTestId("queue-select").check();
  const bar = page.getByTestId("bulk-bar");
  await bar.getByLabel("Verdict").selectOption("legal");
  await bar.getByLabel(/Reason/).fill("inside its surface, evaluator untouched");
  await bar.getByRole("button", { name: "Record for 2 trials" }).click();
  await expect(progress).toContainText(`2 of ${m} reviewed`);
  await page.screenshot({ path: "test-results/golf-team-audit-1440.png", fullPage: true });

  const notes = page.getByTestId("notes");
  await notes.getByRole("textbox", { name: "Add a note" }).fill("Runner-made run checked by the e2e.");
  await notes.getByRole("button", { name: "Add note" }).click();
  await expect(notes.getByTestId("note")).toContainText("Runner-made run checked by the e2e.");
  const md = await (await request.get(`/api/runs/${encodeURIComponent(lineageRun)}/audit/report?format=md`)).text();
  expect(md).toContain("Runner-made run checked by the e2e.");
});

test("the lineage graph of a runner-made run fits whole", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/runs/${encodeURIComponent(lineageRun)}/lineage`);
  await page.getByRole("button", { name: "Zoom in" }).click();
  await page.getByRole("button", { name: "Fit" }).click();
  const b = await boxes(page);
  expect(b.count).toBe(TRIALS);
  expect(b.left).toBeGreaterThanOrEqual(b.frame.left);
  expect(b.right).toBeLessThanOrEqual(b.frame.right);
  expect(b.top).toBeGreaterThanOrEqual(b.frame.top);
  expect(b.bottom).toBeLessThanOrEqual(b.frame.bottom);
});
