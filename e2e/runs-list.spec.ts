import { expect, test } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "../tests/support/server";
import { smallTrace, toJsonl } from "../tests/support/traces";

// Other specs fill the shared e2e database, so the empty state is checked on a server of its own.
test("an empty database explains how to import a trace", async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), "lineage-e2e-empty-"));
  const server = await startServer(join(dir, "empty.db"));
  try {
    await page.goto(server.url);
    await expect(page.getByTestId("empty-store")).toContainText("npx lineage import");
    await page.screenshot({ path: "test-results/runs-empty.png", fullPage: true });
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a trace imported through the API is listed on the front page", async ({ page, request }) => {
  const records = smallTrace().map((r) =>
    r.type === "task" ? { ...r, name: "Parameter Golf <script>window.__pwned = 1</script>" } : r.type === "run" ? { ...r, name: "Run run-1 \u202Eevil" } : r,
  );
  const res = await request.post("/api/trace", {
    headers: { "Content-Type": "application/x-ndjson" },
    data: toJsonl(records),
  });
  expect(res.status()).toBe(201);

  await page.goto("/");
  const row = page.getByTestId("run-row").filter({ hasText: "Run run-1" });
  await expect(row).toBeVisible();
  await expect(row).toContainText("Parameter Golf <script>");
  await expect(row).toContainText("1.5 → 1.4");
  await expect(row).toContainText("+6.67%");
  await expect(row).toContainText("crash 1");
  await expect(row).toContainText("Run run-1 ⟨U+202E⟩evil"); // bidi controls are shown, not obeyed
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await page.screenshot({ path: "test-results/runs-list.png", fullPage: true });
});
