// Imported trials as the source says them (issue 10 §4, §5, §8, §9, §17): the arm labels from the
// upload form, source ids in the trials table and searchable, the malformed-row badge with its raw
// line one click away, the agent's notes beside the hypothesis with exp_NNN mentions as links, and
// the metric's direction next to every improvement figure.
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { importThroughPage, openImportedRun } from "./import-page";

const BOARD = join(import.meta.dirname, "../tests/fixtures/importers/recipes/pg_ablation_lineage_off/blackboard");
const THROUGHPUT = join(import.meta.dirname, "../tests/fixtures/importers/autoresearch/throughput/results.tsv");

let runId = "";

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await page.goto("/import");
  await page.getByTestId("import-kind").selectOption("ablation");
  await page.getByTestId("import-feedback").selectOption("none");
  const report = await importThroughPage(
    page,
    "recipes",
    ["results.tsv", "best.json", "KNOWLEDGE.md", "LEADERBOARD.md"].map((f) => join(BOARD, f)),
    { runName: "arm b e2e", keepFields: true },
  );
  await expect(report).toContainText("Imported");
  runId = await openImportedRun(page, "arm b e2e", "wider MLP");
  await page.close();
});

test("trials table: source ids, searchable by exp_NNN, and the malformed-row badge with its raw line", async ({ page, request }) => {
  const run = await (await request.get(`/api/runs/${encodeURIComponent(runId)}`)).json();
  expect(run).toMatchObject({ kind: "ablation", feedback: "none" });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/runs/${encodeURIComponent(runId)}`);
  const rows = page.getByTestId("trial-row");
  await expect(rows).toHaveCount(11);
  await expect(rows.nth(2).getByTestId("row-source-id")).toHaveText("002");
  await expect(page.getByTestId("trials-table").locator("thead")).toContainText("↓ lower is better");
  await expect(page.getByTestId("fig-improvement").getByTestId("direction-label")).toHaveText("↓ lower is better");

  const bad = rows.filter({ has: page.getByTestId("row-malformed") });
  await expect(bad).toHaveCount(1);
  await expect(bad.getByTestId("malformed-badge")).toHaveText("recovered from a malformed row");
  await expect(bad.getByTestId("row-raw").locator("pre")).toBeHidden();
  await bad.getByTestId("row-raw").locator("summary").click();
  await expect(bad.getByTestId("row-raw").locator("pre")).toContainText('<parameter name=""notes"">Single literal change <b>x</b>.');
  await expect(bad.locator("b")).toHaveCount(0); // markup stays text
  await page.screenshot({ path: "test-results/trials-table-source-ids.png", fullPage: true });

  // the blackboard's documents, one click away, as text
  const lb = page.getByTestId("run-document-LEADERBOARD-md");
  await lb.locator("summary").click();
  await expect(lb.locator("pre")).toContainText('momentum warmup <script>alert("lb")</script> 0.33→0.45');
  await expect(lb.locator("script")).toHaveCount(0);
  await expect(page.getByTestId("run-document-KNOWLEDGE-md")).toContainText("KNOWLEDGE.md");

  await page.getByTestId("filter-q").fill("exp_7");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=exp_7/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId("row-source-id")).toHaveText("007");
});

test("trial page: source id, the agent's notes beside the hypothesis, exp_NNN links, the malformed badge", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/trials/${encodeURIComponent(`${runId}/007`)}`);
  await expect(page.getByTestId("trial-source-id")).toContainText("Source id 007");
  await expect(page.getByTestId("trial-source-id")).toContainText("results.tsv:9");
  await expect(page.getByRole("heading", { name: "Agent's notes" })).toBeVisible();
  const notes = page.getByTestId("trial-agent-notes");
  await expect(notes).toHaveText("Raised muon_momentum_warmup_fraction; exp_003 showed quant is saturated.");
  await expect(page.getByTestId("trial-log")).toHaveCount(0);
  await expect(page.getByTestId("delta-parent")).toHaveClass(/good/); // 1.0798 against 1.0800, minimized
  await expect(page.getByTestId("trial-outcome")).toContainText("Δ vs parent ↓ lower is better");
  await page.screenshot({ path: "test-results/trial-page-source.png", fullPage: true });
  await page.getByTestId("trial-hypothesis").getByRole("link", { name: "exp_002" }).click();
  await expect(page.getByTestId("trial-source-id")).toContainText("Source id 002");
  await page.goBack();
  await notes.getByRole("link", { name: "exp_003" }).click();
  await expect(page.getByTestId("trial-source-id")).toContainText("Source id 003");

  await page.goto(`/trials/${encodeURIComponent(`${runId}/008`)}`);
  await expect(page.getByRole("heading", { level: 1 }).getByTestId("malformed-badge")).toHaveText("recovered from a malformed row");
  const raw = page.getByTestId("raw-row");
  await expect(raw.locator("pre")).toBeHidden();
  await raw.locator("summary").click();
  await expect(raw.locator("pre")).toContainText("-0.0003 size_blocked 1.079600");
  await expect(raw.locator("b")).toHaveCount(0);
  // exp_007 in the recovered hypothesis links to trial 007
  await expect(page.getByTestId("trial-hypothesis").getByRole("link", { name: "exp_007" })).toHaveAttribute(
    "href",
    `/trials/${encodeURIComponent(`${runId}/007`)}`,
  );
});

test("autoresearch upload: the direction is inferred, reported, shown, and the form's select overrides it", async ({ page }) => {
  const report = await importThroughPage(page, "autoresearch", [THROUGHPUT], { runName: "tok e2e" });
  await expect(report).toContainText('direction: tok_per_sec is maximized because the name "tok_per_sec" says higher is better');
  await expect(report).toContainText("2 rows that are not a keep carry a metric of exactly 0");
  await openImportedRun(page, "tok e2e", "cache k=5");
  await expect(page.getByTestId("fig-improvement").getByTestId("direction-label")).toHaveText("↑ higher is better");
  await expect(page.getByTestId("fig-best")).toContainText("2.262");

  await page.goto("/import");
  await page.getByTestId("import-direction").selectOption("false");
  const again = await importThroughPage(page, "autoresearch", [THROUGHPUT], { runName: "tok e2e min", keepFields: true });
  // the page speaks of its own field, not the CLI's flag
  await expect(again).toContainText("tok_per_sec is minimized because the Direction field says so");
});
