import { expect, test } from "@playwright/test";
import { smallTrace, toJsonl } from "../tests/support/traces";

test("a trace imported through the API is listed on the front page", async ({ page, request }) => {
  await page.goto("/");
  await expect(page.getByTestId("empty-store")).toContainText("npx lineage import");

  const records = smallTrace().map((r) =>
    r.type === "task"
      ? { ...r, name: "Parameter Golf <script>window.__pwned = 1</script>" }
      : r.type === "run"
        ? { ...r, name: "Run run-1 \u202Eevil" }
        : r,
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
