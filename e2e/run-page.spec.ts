// The run page: figures, score curve (hover, click, x axis in the URL), failure windows, agents,
// and the trials table whose filters, sort and page live in the URL.
import { distinguishingDigits, formatNumber } from "../lib/domain/number-format";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { buildRun, toJsonlLines } from "../tests/support/run-fixture";
import { curveDots, drawnDots, failureMarks, hoverDot, hoverFailure } from "./curve-dots";

const fx = buildRun({ taskId: "rp-task", runId: "rp-run", trials: 300, agentNames: ["optimizer", "architecture", "data"] });
const trials = fx.records.filter((r) => r.type === "trial") as any[];

async function post(request: APIRequestContext, records: unknown[]) {
  const res = await request.post("/api/trace", { headers: { "Content-Type": "application/x-ndjson" }, data: toJsonlLines(records) });
  expect(res.status(), await res.text()).toBeLessThan(300);
}

test.beforeAll(async ({ request }) => {
  await post(request, fx.records);
});

const openRun = async (page: Page, query = "") => {
  await page.goto(`/runs/rp-run${query}`);
  await expect(curveDots(page)).toHaveAttribute("data-dots", /[1-9]/);
};

test("headline figures, links and the score curve", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openRun(page);
  await expect(page.getByTestId("run-title")).toHaveText("Run rp-run");
  await expect(page.getByTestId("fig-baseline")).toContainText("3");
  await expect(page.getByTestId("fig-best")).toContainText(formatNumber(fx.bestScore, distinguishingDigits(trials.map((t) => t.score))));
  await expect(page.getByTestId("fig-trials")).toContainText("300");
  const kept = trials.filter((t) => t.kept).length;
  await expect(page.getByTestId("fig-kept")).toContainText(String(kept));
  const crashes = trials.filter((t) => t.failure === "crash").length;
  await expect(page.getByTestId("fig-failures")).toContainText(`crash ${crashes}`);
  await expect(page.getByTestId("fig-wallclock")).toContainText("5h 00m"); // 300 trials, one a minute
  await expect(page.getByRole("link", { name: "Lineage graph" })).toHaveAttribute("href", "/runs/rp-run/lineage");
  await expect(page.getByRole("link", { name: "Compare with other runs" })).toHaveAttribute("href", "/compare?runs=rp-run");

  const curve = page.getByTestId("score-curve");
  const scored = trials.filter((t) => t.score != null).length;
  // every scored trial is a dot on the canvas or a triangle at the range's edge; failures are crosses in their lane
  expect((await drawnDots(page)) + (await curve.getByTestId("curve-outlier").count())).toBe(scored);
  await expect(failureMarks(page)).toHaveAttribute("data-marks", String(trials.filter((t) => t.failure).length));
  // the frontier and the running median (on by default for a long run)
  await expect(curve.getByTestId("curve-frontier").locator("path")).toHaveAttribute("d", /^M[-\d.]+,[-\d.]+(L[-\d.]+,[-\d.]+)+$/);
  await expect(curve.getByTestId("curve-median").locator("path")).toHaveAttribute("d", /^M[-\d.]+,[-\d.]+C/);
  await expect(curve.getByText("budget_overrun").first()).toBeVisible(); // the failure lane's rows
  await expect(page.getByTestId("failure-windows").locator(".recharts-bar-rectangle").first()).toBeVisible();
  const agentRows = page.getByTestId("agent-row");
  await expect(agentRows).toHaveCount(4); // three agents and the baseline, which has none
  await expect(agentRows.last()).toContainText("(no agent)");
  await expect(agentRows.filter({ hasText: "data" })).toContainText("—"); // the agent that never predicts
  await page.screenshot({ path: "test-results/run-page.png", fullPage: true });

  // hover shows the hypothesis and score; click opens the trial
  const last = trials[trials.length - 1];
  const at = await hoverDot(page, trials[0].seq ?? 1, trials[0].score);
  await expect(page.getByTestId("curve-hover")).toContainText("baseline");
  await expect(page.getByTestId("curve-hover")).toContainText("score 3");
  await page.mouse.click(at.x, at.y);
  await expect(page).toHaveURL(/\/trials\/rp-run-t1$/);
  expect(last).toBeTruthy();
});

test("failed trials are crosses in their label's row: hovering one names it, a click opens it", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openRun(page);
  const failed = trials.filter((t) => t.failure === "gate_miss")[3];
  await hoverFailure(page, failed.seq, "gate_miss");
  const card = page.getByTestId("lane-hover");
  await expect(card).toContainText(`#${failed.seq}`);
  await expect(card).toContainText("gate_miss");
  await expect(card).toContainText(failed.hypothesis);
  await page.mouse.move(1, 1);
  await expect(card).toHaveCount(0);
  await hoverFailure(page, failed.seq, "gate_miss");
  await page.mouse.down();
  await page.mouse.up();
  await expect(page).toHaveURL(new RegExp(`/trials/${failed.id}$`));
});

test("the failed trials are reachable from the keyboard: arrow keys step between crosses, Enter opens one", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openRun(page);
  const lane = page.getByTestId("failure-lane");
  const rows = await lane.getByRole("listitem").allTextContents();
  const failedWith = (label: string) => trials.filter((t) => t.failure === label).sort((a, b) => a.seq - b.seq);
  const [first, second] = failedWith(rows[0]);
  // the nearest cross one row down from the second one (x is the trial's number)
  const below = failedWith(rows[1]).reduce((best, t) => (Math.abs(t.seq - second.seq) < Math.abs(best.seq - second.seq) ? t : best));
  const card = page.getByTestId("lane-hover");
  const marks = failureMarks(page);
  await expect(marks).toHaveAttribute("data-marks", /\d+/);
  await marks.focus();
  await page.keyboard.press("Home");
  await expect(card).toContainText(`#${first.seq}`);
  await expect(card).toContainText(rows[0]);
  // a screen reader hears it, and a ring shows where the keyboard is: on that trial's cross
  await expect(page.getByTestId("lane-announce")).toHaveText(new RegExp(`^Trial #${first.seq}, .*, ${rows[0]}: `));
  const cross = await hoverFailure(page, first.seq, rows[0], { move: false });
  const ring = (await page.getByTestId("lane-focus").boundingBox())!;
  expect(Math.abs(ring.x + ring.width / 2 - cross.x)).toBeLessThan(1.5);
  expect(Math.abs(ring.y + ring.height / 2 - cross.y)).toBeLessThan(1.5);
  await page.keyboard.press("ArrowRight");
  await expect(card).toContainText(`#${second.seq}`);
  await expect(card).toContainText(second.hypothesis);
  await page.keyboard.press("ArrowDown");
  await expect(card).toContainText(`#${below.seq}`);
  await expect(card).toContainText(rows[1]);
  await page.keyboard.press("Escape");
  await expect(card).toHaveCount(0);
  await expect(page.getByTestId("lane-announce")).toHaveText("");
  await page.keyboard.press("ArrowDown"); // from nothing: the first cross again
  await expect(card).toContainText(`#${first.seq}`);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(
    new RegExp(`/trials/${failedWith(rows[1]).reduce((b, t) => (Math.abs(t.seq - first.seq) < Math.abs(b.seq - first.seq) ? t : b)).id}$`),
  );
});

test("the curve is drawn before its hypotheses come, and the hover card shows them once they have", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  // The page's HTML draws the curve from an outline; the hypotheses come from the curve API, held here.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let asked = 0;
  await page.route("**/api/runs/rp-run/curve*", async (route) => {
    asked++;
    await held;
    await route.continue();
  });
  await openRun(page);
  await expect.poll(() => asked).toBe(1);
  await hoverDot(page, trials[0].seq ?? 1, trials[0].score);
  await expect(page.getByTestId("curve-hover")).toContainText("score 3");
  await expect(page.getByTestId("curve-hover")).toContainText("loading the hypothesis…");
  release();
  await expect(page.getByTestId("curve-hover")).toContainText(trials[0].hypothesis);
  await expect(page.getByTestId("curve-hover")).not.toContainText("loading");
});

test("when the whole curve cannot be had, the curve stays drawn and says what is missing", async ({ page }) => {
  await page.route("**/api/runs/rp-run/curve*", (route) =>
    route.fulfill({ status: 500, contentType: "application/json", body: '{"error":{"code":"internal","message":"store unavailable"}}' }),
  );
  await openRun(page);
  await expect(page.getByTestId("curve-error")).toContainText("without the trials' hypotheses");
  expect(await drawnDots(page)).toBeGreaterThan(0);
  await hoverDot(page, trials[0].seq ?? 1, trials[0].score);
  await expect(page.getByTestId("curve-hover")).toContainText("score 3");
});

test("the x axis switches to wall-clock time and the URL keeps it", async ({ page }) => {
  await openRun(page);
  await page.getByLabel("by wall-clock time").click();
  await expect(page.getByLabel("by wall-clock time")).toBeChecked();
  await expect(page).toHaveURL(/\?x=time$/);
  await expect(page.locator('[data-x-mode="time"]')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("by wall-clock time")).toBeChecked();
  await expect(page.getByTestId("score-curve").locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value").last()).toContainText("h");
});

test("trials table: filters, sorts and pages, all reproduced by the link", async ({ page }) => {
  await openRun(page);
  const rows = page.getByTestId("trial-row");
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toContainText("#1");

  await page.getByTestId("filter-agent").selectOption({ label: "architecture" });
  await expect(page).toHaveURL(/agent=rp-run-ag1/);
  await expect(rows.first()).toContainText("architecture");
  await expect(rows.filter({ hasText: "optimizer" })).toHaveCount(0);

  await page.getByTestId("filter-kept").selectOption("true");
  const keptByArch = trials.filter((t) => t.kept && t.agentId === "rp-run-ag1");
  await expect(rows).toHaveCount(keptByArch.length);

  await page.getByTestId("filter-agent").selectOption("");
  await page.getByTestId("filter-kept").selectOption("");
  await page.getByTestId("filter-failure").selectOption("gate_miss");
  await expect(rows.first()).toContainText("gate_miss");
  await expect(rows.first()).toContainText("failed at step");
  await page.getByTestId("filter-failure").selectOption("");

  await page.getByTestId("filter-q").fill("change number 123");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=change\+number\+123/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("#123");
  await page.getByTestId("filter-q").fill("");
  await page.getByRole("button", { name: "Search" }).click();

  await page.getByTestId("filter-sort").selectOption("delta");
  const bestDelta = trials
    .filter((t) => t.score != null && t.parentIds.length)
    .map((t) => ({ seq: t.seq, d: t.score - trials.find((p) => p.id === t.parentIds[0]).score }))
    .sort((a, b) => a.d - b.d || a.seq - b.seq)[0];
  await expect(rows.first().locator("td").first()).toHaveText(`#${bestDelta.seq}`);

  await page.getByTestId("filter-sort").selectOption("seq");
  await page.getByTestId("next-page").click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(rows.first().locator("td").first()).toHaveText("#51");
  const link = page.url();
  await page.goto("about:blank");
  await page.goto(link);
  await expect(rows.first().locator("td").first()).toHaveText("#51");
  await page.getByRole("button", { name: "First page" }).click();
  await expect(rows.first().locator("td").first()).toHaveText("#1");
  await page.goBack(); // Back returns to the page before
  await expect(page).toHaveURL(/cursor=/);
  await expect(rows.first().locator("td").first()).toHaveText("#51");
});

test("a link with filters opens the same view; a bad filter says what is wrong", async ({ page }) => {
  await page.goto("/runs/rp-run?best=true&sort=score");
  const rows = page.getByTestId("trial-row");
  await expect(rows.first()).toContainText("new best");
  await expect(rows.first().locator("td").nth(4)).toHaveText(formatNumber(fx.bestScore, distinguishingDigits(trials.map((t) => t.score))));
  await expect(page.getByTestId("filter-best")).toHaveValue("true");
  await page.goto("/runs/rp-run?kept=maybe");
  await expect(page.getByTestId("trials-error")).toContainText("kept");
});

test("an unknown run is a 404 page", async ({ page }) => {
  const res = await page.goto("/runs/no-such-run");
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId("run-not-found")).toBeVisible();
});

test("the run page stays readable on a narrow window", async ({ page }) => {
  await page.setViewportSize({ width: 420, height: 900 });
  await openRun(page);
  await expect(page.getByTestId("run-figures")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await page.screenshot({ path: "test-results/run-page-narrow.png", fullPage: true });
});

// RELIABILITY 12–13 on the runs and run pages: every text field of an imported trace holds markup
// and script payloads; nothing executes, nothing becomes a link, the text is shown literally.
const P = {
  script: `<script>window.__pwned = "script"</script>`,
  img: `<img src=x onerror="window.__pwned = 'img'; alert(1)">`,
  js: `javascript:alert(document.domain)`,
  svg: `<svg onload="window.__pwned='svg'"><a href="javascript:alert(2)">x</a></svg>`,
};

const xss = buildRun({
  taskId: "xss-task",
  runId: "xss-run",
  trials: 40,
  taskName: `Task ${P.script}`,
  runName: `Run ${P.img}`,
  agentNames: [`agent ${P.svg}`, `agent2 ${P.js}`, `agent3 ${P.script}`],
  metricName: `bpb ${P.img}`,
  hypothesis: (i) => `hyp ${i} ${P.script} ${P.img} ${P.js}`,
  failureDetail: `detail ${P.img} ${P.js}`,
});

async function assertInert(page: Page, dialogs: string[]) {
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  await expect(page.locator("main img")).toHaveCount(0);
  await expect(page.locator('main svg[onload], main [onerror], a[href^="javascript" i], a[href^="data:" i]')).toHaveCount(0);
}

test("markup and script in every text field are shown literally on / and /runs/<id>", async ({ page, request }) => {
  const res = await request.post("/api/trace", { headers: { "Content-Type": "application/x-ndjson" }, data: toJsonlLines(xss.records) });
  expect(res.status(), await res.text()).toBe(201);
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });

  await page.goto("/?task=xss-task");
  const row = page.getByTestId("run-row").filter({ hasText: "Run <img" });
  await expect(row).toContainText(`Run ${P.img}`);
  await expect(row).toContainText(`Task ${P.script}`);
  await expect(row).toContainText(`agent ${P.svg}`);
  await expect(row).toContainText(`agent2 ${P.js}`);
  await expect(row).toContainText(`bpb ${P.img}`);
  await assertInert(page, dialogs);
  await page.screenshot({ path: "test-results/runs-page-payloads.png", fullPage: true });

  await row.getByRole("link").click();
  await expect(page.getByTestId("run-title")).toHaveText(`Run ${P.img}`);
  await expect(page.locator(".run-header")).toContainText(`bpb ${P.img}`);
  await expect(page.getByTestId("agents-table")).toContainText(`agent3 ${P.script}`);
  await expect(page.getByTestId("score-curve")).toContainText(`agent ${P.svg}`); // legend
  await expect(curveDots(page)).toHaveAttribute("data-dots", /[1-9]/);
  const rows = page.getByTestId("trial-row");
  await expect(rows.nth(1)).toContainText(`hyp 2 ${P.script} ${P.img} ${P.js}`);
  await page.getByTestId("filter-failure").selectOption("any");
  await expect(rows.first()).toContainText(`detail ${P.img} ${P.js}`);
  // the new bests' list is drawn only once opened (a long run has thousands of them)
  await expect(page.locator(".frontier-list li")).toHaveCount(0);
  await page.getByText(/^New bests \(/).click();
  await expect(page.locator(".frontier-list li").first()).toBeVisible();
  await expect(page.locator(".frontier-list")).toContainText(`${P.script}`);
  // hover a point: the hover card shows the hypothesis as text
  const scoredXss = (xss.records as any[]).filter((r) => r.type === "trial" && r.score != null);
  await hoverDot(page, scoredXss[3].seq ?? 4, scoredXss[3].score);
  await expect(page.getByTestId("curve-hover")).toContainText(P.img);
  // and a failed trial's cross in the failure lane: its card shows the hypothesis as text too
  const failedXss = (xss.records as any[]).find((r) => r.type === "trial" && r.failure);
  await hoverFailure(page, failedXss.seq, failedXss.failure);
  await expect(page.getByTestId("lane-hover")).toContainText(failedXss.hypothesis);
  // and what a screen reader hears when the keyboard picks a cross: the hypothesis's markup, as text
  await failureMarks(page).focus();
  await page.keyboard.press("Home");
  await expect(page.getByTestId("lane-announce")).toContainText(`${P.script} ${P.img} ${P.js}`);
  await assertInert(page, dialogs);
  await page.screenshot({ path: "test-results/run-page-payloads.png", fullPage: true });
});
