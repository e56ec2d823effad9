import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeTestHeldOutSecret } from "./tests/support/heldout-secret-setup";

const PORT = Number(process.env.E2E_PORT ?? 3210);
// Each test run starts on an empty temporary database; tests create their data through the API.
const dataDir = mkdtempSync(join(tmpdir(), "lineage-e2e-"));
const dbFile = join(dataDir, "e2e.db");
// The server and any CLI a test starts evaluate with the tests' fixed held-out secret, not the machine's.
process.env.LINEAGE_HELDOUT_SECRET_FILE = writeTestHeldOutSecret(dataDir);

export default defineConfig({
  testDir: "./e2e",
  timeout: 30_000,
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: {
    command: `node bin/lineage.mjs serve --db ${dbFile} --port ${PORT}`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
