// A run's read-only bundle (`lineage bundle RUN -o DIR`) opened from disk in the browser, with no
// server: the run page with its figures, curve and trials, a trial's page with its diff, the links
// between them, and a hostile run's payloads shown as text with nothing run.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { climbRun, CLIMB_TRIALS } from "../tests/support/climb-traces";
import { hostileRecords, X } from "../tests/support/hostile-trace";
import { LINEAGE_BIN } from "../tests/support/server";
import { toJsonl } from "../tests/support/traces";

const dir = mkdtempSync(join(tmpdir(), "lineage-bundle-e2e-"));
const db = join(dir, "store.db");
const lineage = (args: string[], input?: string) => execFileSync(process.execPath, [LINEAGE_BIN, ...args, "--db", db], { input, encoding: "utf8" });
let golfRunId = "";

test.beforeAll(() => {
  lineage(["import", "-"], toJsonl([...hostileRecords, ...climbRun("climb")]));
  const done = lineage(["run", "golf-mini", "--trials", "3", "--parallel", "2", "--json"]).trim().split("\n").at(-1)!;
  golfRunId = JSON.parse(done).runId;
  for (const run of ["evil-run", "climb", golfRunId]) lineage(["bundle", run, "-o", join(dir, run)]);
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("a runner-made golf-mini run opens from disk: figures, curve, trials, and a trial's diff one click away", async ({ page }) => {
  await page.goto(`file://${join(dir, golfRunId, "index.html")}`);
  await expect(page.getByTestId("bundle-run-name")).toContainText("golf-mini");
  await expect(page.locator(".facts")).toContainText("Baseline");
  await expect(page.getByTestId("bundle-trials").locator("tbody tr")).toHaveCount(3);
  await expect(page.getByTestId("bundle-curve").locator("circle, rect")).toHaveCount(3);
  await page.getByRole("link", { name: "#2", exact: true }).click();
  await expect(page.getByTestId("bundle-trial-title")).toHaveText("Trial #2");
  await expect(page.locator(".facts")).toContainText("Δ vs parent");
  await expect(page.getByTestId("bundle-diff").locator(".d-add, .d-del").first()).toBeVisible();
  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link").first().click();
  await expect(page.getByTestId("bundle-run-name")).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: "test-results/bundle-golf-1280.png", fullPage: true });
});

test("an imported run's climb reads on the bundle's curve: outliers at the edge, every new best on the line", async ({ page }) => {
  await page.goto(`file://${join(dir, "climb", "index.html")}`);
  await expect(page.getByTestId("bundle-trials").locator("tbody tr")).toHaveCount(CLIMB_TRIALS);
  await expect(page.getByTestId("bundle-curve").locator("circle.outlier").first()).toBeAttached();
  await expect(page.getByTestId("bundle-curve").locator("circle.best").first()).toBeAttached();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: "test-results/bundle-climb-1440.png" });
});

test("a hostile run's bundle shows every payload as text and runs none of it", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", async (d) => (dialogs.push(d.message()), await d.dismiss()));
  for (const file of ["index.html", "trials/2.html", "trials/3.html"]) {
    await page.goto(`file://${join(dir, "evil-run", file)}`);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await expect(page.locator('img, script, a[href^="javascript:" i]')).toHaveCount(0);
  }
  await page.goto(`file://${join(dir, "evil-run", "trials/2.html")}`);
  await expect(page.getByTestId("bundle-hypothesis")).toHaveText(X(11));
  await expect(page.getByTestId("bundle-diff")).toContainText("<script>window.__pwned=44</script>");
  expect(dialogs).toEqual([]);
});
