import { expect, test } from "@playwright/test";

test("a run started from the form is run by the runner, paused, resumed and stopped", async ({ page, request }) => {
  await page.goto("/runs/new");
  const form = page.getByTestId("start-run-form");
  await expect(form).toContainText("Golf mini");
  await form.getByLabel("Trial budget").fill("40");
  await form.getByLabel("Name").fill("e2e <b>run</b>");
  await form.getByRole("button", { name: "Start run" }).click();

  const controls = page.getByTestId("run-controls");
  await expect(controls.getByTestId("run-status")).toHaveText("running");
  // The runner process beside the server picks the run up: the baseline, then proposals.
  await expect(controls.getByTestId("run-progress")).toHaveText(/^([2-9]|\d\d) \/ 40$/, { timeout: 20_000 });

  await controls.getByRole("button", { name: "Pause" }).click();
  await expect(controls.getByTestId("run-status")).toHaveText("paused");
  await controls.getByRole("button", { name: "Resume" }).click();
  await expect(controls.getByTestId("run-status")).toHaveText("running");
  await controls.getByRole("button", { name: "Stop" }).click();
  await expect(controls.getByTestId("run-status")).toHaveText("stopped"); // stopped by someone, not finished by the runner
  await expect(controls).toContainText("stopped by local");

  const runs = await (await request.get("/api/runs")).json();
  const run = runs.items.find((r: { name: string }) => r.name === "e2e <b>run</b>");
  expect(run.summary.trialCount).toBeGreaterThanOrEqual(2);
  await page.screenshot({ path: "test-results/run-control.png", fullPage: true });
});

test("the API refuses bad run requests with the field named, and command proposers", async ({ request }) => {
  const bad = await request.post("/api/runs", { data: { task: "golf-mini", trials: 0 } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toContain("trials");
  const cmd = await request.post("/api/runs", { data: { task: "golf-mini", trials: 3, agents: [{ surface: "model", proposer: "command:rm -rf /" }] } });
  expect(cmd.status()).toBe(403);
  const unknown = await request.post("/api/runs", { data: { task: "../etc", trials: 3 } });
  expect(unknown.status()).toBe(400);
});

test("the form sends the Slurm fields, the pending limit among them, and shows the server's refusal naming what is missing", async ({ page }) => {
  await page.goto("/runs/new");
  const form = page.getByTestId("start-run-form");
  await form.getByLabel("Where evaluations run").selectOption("slurm");
  await form.getByLabel("Partition").fill("gpu");
  await form.getByLabel("Max pending, seconds").fill("600");
  const sent = page.waitForRequest((r) => r.url().endsWith("/api/runs") && r.method() === "POST");
  await form.getByRole("button", { name: "Start run" }).click();
  expect((await sent).postDataJSON().executor).toMatchObject({ kind: "slurm", partition: "gpu", maxPendingSeconds: 600 });
  // this server has no shared folder for job files: the run is refused, by the variable's name
  await expect(form).toContainText("LINEAGE_SHARED_DIR");
});
