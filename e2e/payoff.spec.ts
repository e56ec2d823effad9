// Issue 14 item 3, which kinds of edit pay off: gain and hit rate by agent, surface and domain, the
// gain over the run, expected against measured Δ. The figures are checked against values computed
// here from the imported trace itself, and the page is read on a golf-mini run the runner made.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { formatDelta } from "../lib/domain/number-format";
import { buildRun } from "../tests/support/run-fixture";
import { toJsonl } from "../tests/support/traces";

const RUN = "payoff-run";
const fixture = buildRun({ taskId: "payoff-task", runId: RUN, trials: 120, agentNames: ["optimizer", "architecture", "data"] });

/** Each agent's proposals, new bests and gain, straight from the records (minimised metric). */
function expectedByAgent() {
  const names = new Map(fixture.agents.map((a) => [a.id, a.name]));
  const out = new Map<string, { proposals: number; newBests: number; gain: number }>();
  let best: number | null = null;
  for (const r of fixture.records.filter((r) => r.type === "trial")) {
    const score = r.failure ? null : (r.score as number);
    const isNewBest = score !== null && (best === null || score < best);
    const gain = isNewBest && best !== null ? best - score! : 0;
    if (isNewBest) best = score;
    if ((r.parentIds as string[]).length === 0) continue;
    const name = names.get(r.agentId as string)!;
    const g = out.get(name) ?? { proposals: 0, newBests: 0, gain: 0 };
    out.set(name, { proposals: g.proposals + 1, newBests: g.newBests + (isNewBest ? 1 : 0), gain: g.gain + gain });
  }
  return out;
}

test.beforeAll(async ({ request }) => {
  const res = await request.post("/api/trace", { headers: { "Content-Type": "application/x-ndjson" }, data: toJsonl(fixture.records) });
  expect(res.status(), await res.text()).toBe(201);
});

test("by agent: proposals, new bests, hit rate and gain as the trace says, and every state in the URL", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/runs/${RUN}`);
  await page.getByRole("link", { name: "What paid off" }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${RUN}/payoff$`));
  await page.getByTestId("payoff-by").getByRole("link", { name: "By agent" }).click();
  await expect(page).toHaveURL(/by=agent/);
  const expected = expectedByAgent();
  const rows = page.getByTestId("payoff-row");
  await expect(rows).toHaveCount(expected.size);
  for (const [name, e] of expected) {
    const cells = rows.filter({ has: page.getByRole("rowheader", { name, exact: true }) }).getByRole("cell");
    await expect(cells.nth(0)).toHaveText(String(e.proposals));
    await expect(cells.nth(1)).toHaveText(String(e.newBests));
    await expect(cells.nth(2)).toHaveText(`${((e.newBests / e.proposals) * 100).toFixed(1)}%`);
    await expect(cells.nth(3)).toHaveText(formatDelta(e.gain === 0 ? 0 : -e.gain, 4));
  }
  await expect(page.getByTestId("payoff-gain-chart").locator(".recharts-bar-rectangle").first()).toBeAttached();
  // the last agent never predicts its change; the others do, so the scatter has two series
  await expect(page.getByTestId("payoff-prediction-chart").locator(".recharts-scatter")).toHaveCount(2);
  await page.screenshot({ path: "test-results/payoff-agent-1440.png", fullPage: true });

  await page.reload();
  await expect(page.getByTestId("payoff-by").getByRole("link", { name: "By agent" })).toHaveAttribute("aria-current", "page");
  await page.goto(`/runs/${RUN}/payoff?by=surface`);
  await expect(rows.first().getByRole("rowheader")).toHaveText(/^surface-\d$/);
});

async function finishedGolfRun(request: APIRequestContext): Promise<string> {
  const runs = (await (await request.get("/api/runs?task=golf-mini")).json()).items as { id: string; status: string; summary: { trialCount: number } }[];
  const done = runs.find((r) => r.status === "finished" && r.summary.trialCount >= 6);
  if (done) return done.id;
  const res = await request.post("/api/runs", { data: { task: "golf-mini", trials: 8, name: "e2e payoff" } });
  expect(res.status(), await res.text()).toBe(201);
  const id = ((await res.json()) as { id: string }).id;
  await expect
    .poll(async () => ((await (await request.get(`/api/runs/${encodeURIComponent(id)}`)).json()) as { status: string }).status, {
      timeout: 200_000,
      intervals: [2000],
    })
    .toBe("finished");
  return id;
}

test("a runner-made golf-mini run, by domain: its edits fall in the task's domains and the shares add up", async ({ page, request }) => {
  test.setTimeout(240_000);
  const runId = await finishedGolfRun(request);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/runs/${encodeURIComponent(runId)}/payoff?by=domain`);
  const keys = await page.getByTestId("payoff-row").getByRole("rowheader").allTextContents();
  expect(keys.length).toBeGreaterThan(0);
  for (const k of keys) expect(["architecture", "compression", "(none)"]).toContain(k);
  const shares = await page.getByTestId("payoff-row").locator("td:nth-of-type(5)").allTextContents();
  if (shares.every((s) => s !== "—")) expect(shares.reduce((a, s) => a + Number(s.replace("%", "")), 0)).toBeCloseTo(100, 0);
  await page.screenshot({ path: "test-results/payoff-golf-1280.png", fullPage: true });
});
