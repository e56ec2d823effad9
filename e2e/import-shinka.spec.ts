import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { buildShinkaFixture } from "../tests/support/shinka-db";
import { tempDir } from "../tests/support/temp-db";
import { importThroughPage, openImportedRun } from "./import-page";

test("shinka: an uploaded program database renders as a run", async ({ page, request }) => {
  const dir = tempDir();
  try {
    const file = buildShinkaFixture(dir.dir, "programs.sqlite");
    await importThroughPage(page, "shinka", [{ name: "programs.sqlite", mimeType: "application/vnd.sqlite3", buffer: readFileSync(file) }], {
      runName: "shinka e2e",
    });
    await expect(page.getByTestId("import-labels")).toContainText("crash 1, patch_failure 1, invalid_result 1");
    const runId = await openImportedRun(page, "shinka e2e", "return_one: return <i>1</i>");
    const run = await (await request.get(`/api/runs/${encodeURIComponent(runId)}`)).json();
    expect(run.summary).toMatchObject({ trialCount: 6, bestScore: 0.55 });
  } finally {
    dir.cleanup();
  }
});
