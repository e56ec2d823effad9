import { expect, test } from "@playwright/test";
import { toJsonl } from "../tests/support/traces";

// An auditor's verdict never changes a score: the raw best stays, and the legal best beside it
// moves to the best trial not judged illegal.
test("a run's legal best is shown beside its raw best once the best is judged illegal", async ({ page, request }) => {
  const S = "lineage-trace/1";
  const trial = (id: string, extra: Record<string, unknown>) => ({ schema: S, type: "trial", id, runId: "legal-run", hypothesis: `h ${id}`, ...extra });
  const records = [
    { schema: S, type: "task", id: "legal-golf", name: "Legal golf", metric: { name: "val_bpb", direction: "minimize" } },
    { schema: S, type: "run", id: "legal-run", taskId: "legal-golf", name: "Legal run" },
    trial("L0", { parentIds: [], score: 1.5 }),
    trial("L1", { parentIds: ["L0"], score: 1.45, kept: true }),
    trial("L2", { parentIds: ["L1"], score: 1.4, kept: true }),
  ];
  expect((await request.post("/api/trace", { headers: { "Content-Type": "application/x-ndjson" }, data: toJsonl(records) })).status()).toBe(201);
  const verdict = await request.post("/api/trials/L2/verdicts", { data: { verdict: "illegal", reason: "edited the evaluator" } });
  expect(verdict.status()).toBe(201);

  await page.goto("/runs/legal-run");
  await expect(page.getByTestId("fig-best")).toContainText("1.4");
  await expect(page.getByTestId("fig-legal-best")).toContainText("1.45");
  await expect(page.getByTestId("fig-legal-best")).toContainText("judged illegal");
  await page.goto("/");
  await expect(page.getByTestId("run-row").filter({ hasText: "Legal run" }).getByTestId("run-legal-best")).toContainText("legal best 1.45");
  await page.screenshot({ path: "test-results/legal-best.png", fullPage: true });
});
