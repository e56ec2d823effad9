// The compare page on imported arms (issue 10 item 11): every arm whose trials carry times is drawn
// by trials and by wall-clock, an arm that cannot be drawn is named with the reason, and the time
// axis reads in hours, not raw seconds. The arms are the released Parameter Golf ablation reshaped
// the way real runs come: one with a parent absent from the source (a placeholder with no timestamp)
// and one whose baseline row has no score.
import { readFileSync } from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { sharedFixture } from "../tests/support/shared-fixtures";

const BOARD = sharedFixture("auto-research-recipes/pg_ablation_lineage_on/blackboard");
const results = readFileSync(`${BOARD}/results.tsv`, "utf8").trimEnd().split("\n");
const header = results[0].split("\t");
const col = (name: string) => header.indexOf(name);

async function upload(request: APIRequestContext, runName: string, tsv: string[]) {
  const form = new FormData();
  form.set("format", "recipes");
  form.set("runName", runName);
  form.append("files", new File([tsv.join("\n") + "\n"], "results.tsv"));
  const res = await request.post("/api/import", { multipart: form });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return (await res.json()) as { runId?: string; run?: { id: string } };
}

/** A row whose parent is missing from the source: its placeholder parent carries no timestamp. */
function withAbsentParent(rows: string[]): string[] {
  const last = rows.at(-1)!.split("\t");
  const id = String(Number(last[col("exp_id")]) + 1).padStart(3, "0");
  const row = [...last];
  row[col("exp_id")] = id;
  row[col("parent_exp")] = "exp_999";
  row[col("hypothesis")] = "a child of an experiment the blackboard lost";
  return [...rows, row.join("\t")];
}

/** The baseline row's score cell emptied: there is nothing to measure an improvement against. */
function withoutBaselineScore(rows: string[]): string[] {
  return rows.map((r, i) => {
    const cells = r.split("\t");
    if (i === 0 || cells[col("status")] !== "baseline") return r;
    cells[col("val_bpb")] = "";
    return cells.join("\t");
  });
}

const ids: string[] = [];

test.beforeAll(async ({ request }) => {
  const arms: [string, string[]][] = [
    ["arm full", results],
    ["arm placeholder", withAbsentParent(results.slice(0, 120))],
    ["arm no baseline", withoutBaselineScore(results.slice(0, 60))],
  ];
  for (const [name, rows] of arms) await upload(request, name, rows);
  const runs = (await (await request.get("/api/runs")).json()).items as { id: string; name: string }[];
  for (const [name] of arms) ids.push(runs.find((r) => r.name === name)!.id);
});

test("every imported arm with times is drawn by trials and by wall-clock; the one that cannot be is named", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/compare?runs=${ids.join(",")}`);
  await expect(page.getByTestId("compare-row")).toHaveCount(3);
  const chart = page.getByTestId("compare-chart");
  await expect(chart.locator(".recharts-line")).toHaveCount(2);
  const undrawn = page.getByTestId("compare-undrawn");
  await expect(undrawn.locator("li")).toHaveCount(1);
  await expect(undrawn).toContainText("arm no baseline is not drawn: no measured baseline");

  await page.getByRole("link", { name: "wall-clock" }).click();
  await expect(page).toHaveURL(/x=time/);
  await expect(chart.locator(".recharts-line")).toHaveCount(2);
  await expect(undrawn.locator("li")).toHaveCount(1);
  await expect(page.getByTestId("compare-untimed")).toContainText("arm placeholder: 1 trial without a timestamp");
  await expect(chart.locator("svg text", { hasText: /^2 h$/ })).toHaveCount(1);
  // the chart's texts less the y ticks (percentages) and the axis title: the x ticks
  const ticks = (await chart.locator("svg text").allTextContents()).filter((t) => !t.includes("%") && !t.includes("wall-clock"));
  expect(ticks.length).toBeGreaterThan(2);
  for (const t of ticks) expect(t).toMatch(/^(0|\d+(\.\d)? (s|min|h|d))$/);
  await expect(chart).toContainText("wall-clock since the run's first trial");
  await page.screenshot({ path: "test-results/compare-imported-time.png", fullPage: true });
});
