// The benchmarks run on the production build: build it when it is missing (or predates the
// benchmark's no-op route), and warn when sources changed since it was built.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./paths";
import { env } from "../lib/env";

const SOURCE_DIRS = ["app", "components", "lib", "db"];
/** Not part of the web app: the CLI. */
const NOT_BUILT = [join("lib", "cli")].map((d) => join(REPO_ROOT, d));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = NOT_BUILT.includes(path) ? newest : Math.max(newest, newestSource(path));
    else if (/\.(tsx?|css)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds into the folder `lineage serve` serves from (LINEAGE_NEXT_DIST, .next by default). */
export function ensureBuild(say: (s: string) => void): void {
  const dist = env().LINEAGE_NEXT_DIST;
  const BUILD_ID = join(REPO_ROOT, dist, "BUILD_ID");
  const PING_ROUTE = join(REPO_ROOT, dist, "server", "app", "api", "ping", "route.js");
  const reason = !existsSync(BUILD_ID) ? `${dist}/BUILD_ID is missing` : !existsSync(PING_ROUTE) ? "the build has no /api/ping route" : null;
  if (reason) {
    say(`${reason}: running \`npx next build\` first`);
    const r = spawnSync("npx", ["next", "build"], { cwd: REPO_ROOT, stdio: ["ignore", 2, 2] });
    if (r.status !== 0) throw new Error(`next build failed (exit ${r.status ?? r.signal})`);
    return;
  }
  const built = statSync(BUILD_ID).mtimeMs;
  const stale = SOURCE_DIRS.filter((d) => existsSync(join(REPO_ROOT, d)) && newestSource(join(REPO_ROOT, d)) > built);
  if (stale.length > 0) say(`warning: files in ${stale.join(", ")} changed after the build; run \`npm run build\` to measure them`);
}
