// The real third-party traces in ../shared/fixtures, read in place (never copied into the repo).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const SHARED_FIXTURES = join(import.meta.dirname, "../../../shared/fixtures");
export const hasSharedFixtures = existsSync(SHARED_FIXTURES);
export const sharedFixture = (...p: string[]) => join(SHARED_FIXTURES, ...p);
if (!hasSharedFixtures) console.warn(`skipping real-trace importer tests: ${SHARED_FIXTURES} is absent`);

/** Rows of a TSV by header name, split naively on tabs: the test's own reading of a file. */
export function tsvRecords(path: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  const cols = head.split("\t").map((c) => c.trim());
  return lines.map((l) => Object.fromEntries(l.split("\t").map((v, i) => [cols[i], v.trim()])));
}
