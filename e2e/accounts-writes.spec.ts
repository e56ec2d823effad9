// With accounts on, every dashboard write works for a signed-in admin (issue 9 item 9): sign in
// through /sign-in, start a run from /runs/new, pause, resume and stop it from its page, import a
// file through /import, record a verdict in the audit queue, re-evaluate a trial, sign out. Each goes
// through lib/api/write.ts, which adds the session's CSRF token; without it every one of them is
// refused with "the CSRF token is missing or wrong".
//
// Creating an account switches sign-in on for the whole database, so this spec runs its own server
// on its own database (the shared e2e server and the other specs are unaffected).
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { runCli, startServer, type TestServer } from "../tests/support/server";
import { tempDir } from "../tests/support/temp-db";
import { importThroughPage, openImportedRun } from "./import-page";

const BOARD = join(import.meta.dirname, "../tests/fixtures/importers/recipes/pg_small/blackboard");
const ADMIN = { name: "ada", password: "ada-admin-password-1" };

let server: TestServer;
let dir: ReturnType<typeof tempDir>;
const at = (path: string) => `${server.url}${path}`;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  dir = tempDir("lineage-e2e-accounts-");
  const db = join(dir.dir, "accounts.db");
  // No demo run: the only run is the small one this test starts.
  server = await startServer(db, { LINEAGE_NO_DEMO: "1" });
  const added = await runCli(["user", "add", ADMIN.name, "--role", "admin", "--db", db], { input: `${ADMIN.password}\n` });
  expect(added.code, added.stderr).toBe(0);
});
test.afterAll(async () => {
  await server?.stop();
  dir?.cleanup();
});

test("a signed-in admin starts, pauses, resumes and stops a run, imports, judges and re-evaluates through the pages", async ({ browser }) => {
  test.setTimeout(150_000);
  // A context of its own whose base URL is this spec's server, so relative navigations (the import
  // page object's too) never reach the shared one.
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const refusals: string[] = [];
  page.on("response", (res) => {
    const what = `${res.request().method()} ${new URL(res.url()).pathname} ${res.status()}`;
    // The one refusal this test asks for: the wrong password below.
    if (res.request().method() !== "GET" && res.status() >= 400 && what !== "POST /api/auth/sign-in 401") refusals.push(what);
  });

  // Signed out, pages send you to sign in; a wrong password is refused in place.
  await page.goto(at("/runs/new"));
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fruns%2Fnew/);
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Name").fill(ADMIN.name);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toContainText("the name or the password is wrong");
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(at("/runs/new"));
  await page.waitForLoadState("networkidle"); // hydrated: a click before that would submit the form natively

  // Start a small golf-mini run from the form.
  const form = page.getByTestId("start-run-form");
  await form.getByLabel("Name").fill("accounts e2e run");
  await form.getByLabel("Trial budget").fill("50");
  await form.getByRole("button", { name: "Start run" }).click();
  const started = page.getByTestId("started-run");
  await expect(started, refusals.join("\n")).toBeVisible({ timeout: 20_000 });
  await started.getByRole("link").click();

  // Pause, resume and stop it from the run's own page.
  await expect(page.getByTestId("run-title")).toContainText("accounts e2e run");
  const controls = page.getByTestId("run-controls");
  await expect(controls.getByTestId("run-status")).toHaveText("running");
  await controls.getByRole("button", { name: "Pause" }).click();
  await expect(controls.getByTestId("run-status"), refusals.join("\n")).toHaveText("paused");
  await controls.getByRole("button", { name: "Resume" }).click();
  await expect(controls.getByTestId("run-status"), refusals.join("\n")).toHaveText("running");
  await controls.getByRole("button", { name: "Stop" }).click();
  await expect(controls.getByTestId("run-status"), refusals.join("\n")).toHaveText("stopped"); // stopped by the admin, not finished by the runner
  const runId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);

  // Import a blackboard through the upload form.
  const report = await importThroughPage(
    page,
    "recipes",
    ["results.tsv", "tree.tsv", "best.json"].map((f) => join(BOARD, f)),
    { runName: "accounts e2e import" },
  );
  await expect(report, refusals.join("\n")).toContainText("Imported");
  await openImportedRun(page, "accounts e2e import", "raise Muon lr");

  // Record a verdict in the imported run's audit queue, from the keyboard.
  await page.getByRole("link", { name: "Audit", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Audit", level: 1 })).toBeVisible();
  const items = page.getByTestId("queue-item");
  await expect(items.nth(0)).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("l");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("audit-announce"), refusals.join("\n")).toHaveText(/Recorded legal for trial #\d+/);
  await expect(items.nth(0)).toContainText("legal");
  const importedId = decodeURIComponent(new URL(page.url()).pathname.split("/").at(-2)!);
  const queue = await (await page.request.get(at(`/api/runs/${encodeURIComponent(importedId)}/audit/queue`))).json();
  expect(queue.items?.[0]?.latestVerdict).toMatchObject({ verdict: "legal", auditor: ADMIN.name });

  // Ask for a re-evaluation of the started run's first trial: the request is taken (queued or done).
  const trials = await (await page.request.get(at(`/api/runs/${encodeURIComponent(runId)}/trials?limit=1`))).json();
  if (trials.items.length > 0) {
    await page.goto(at(`/trials/${encodeURIComponent(trials.items[0].id)}`));
    await page.getByTestId("reeval-button").click();
    await expect(page.getByTestId("reeval-status"), refusals.join("\n")).toHaveText(
      /Queued|Re-evaluating|Reproduces|Does NOT reproduce|Could not be re-evaluated/,
    );
  }

  // Every write above is in the log under the admin's name.
  await page.goto(at("/activity"));
  const log = page.getByTestId("activity-table");
  for (const action of ["run.started", "run.pause", "run.resume", "run.stop", "verdict"]) {
    await expect(log.locator("tr", { hasText: action }).first(), action).toContainText(ADMIN.name);
  }
  expect(refusals).toEqual([]);
  await page.screenshot({ path: "test-results/accounts-writes.png", fullPage: true });

  // Signing out is a write too; afterwards pages ask for sign-in again.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto(at("/runs/new"));
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await context.close();
});
