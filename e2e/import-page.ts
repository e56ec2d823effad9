// Page object for /import: choose a format, attach files, import, and read the report.
import { expect, type Page } from "@playwright/test";

export type UploadFile = string | { name: string; mimeType: string; buffer: Buffer };

/** `keepFields`: the caller already opened /import and set fields of its own (kind, feedback, direction). */
export async function importThroughPage(page: Page, format: string, files: UploadFile[], fields: { runName?: string; keepFields?: boolean } = {}) {
  page.on("dialog", (d) => {
    throw new Error(`a dialog opened: ${d.message()}`);
  });
  if (!fields.keepFields) await page.goto("/import");
  await page.getByLabel("Format").selectOption(format);
  await page.getByTestId("import-files").setInputFiles(files as Parameters<ReturnType<Page["getByTestId"]>["setInputFiles"]>[0]);
  if (fields.runName) await page.getByLabel("Run name").fill(fields.runName);
  await page.getByRole("button", { name: "Import" }).click();
  const report = page.getByTestId("import-report");
  await expect(report).toBeVisible({ timeout: 20_000 });
  return report;
}

/** Follows the report's link and checks the run page shows the run and its trials. */
export async function openImportedRun(page: Page, runName: string, trialText: string) {
  await page.getByTestId("import-run-link").click();
  await expect(page.getByTestId("run-title")).toContainText(runName);
  await expect(page.getByTestId("run-figures")).toBeVisible();
  await expect(page.getByTestId("trials-panel")).toContainText(trialText);
  return decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);
}
