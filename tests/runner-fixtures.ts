// Small task directories for the runner tests: a manifest and a recipe whose evaluator misbehaves
// on purpose. Written to a temp folder per test; nothing here ships in the app.
import { chmodSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function writeTask(dir: string, files: Record<string, string>, manifest: Record<string, unknown> = {}): string {
  mkdirSync(join(dir, "recipe"), { recursive: true });
  chmodSync(dir, 0o711);
  writeFileSync(
    join(dir, "task.json"),
    JSON.stringify({
      id: "fixture",
      name: "Fixture task",
      metric: { name: "score", direction: "minimize" },
      budgets: { wallclockSeconds: 5, artifactBytes: 100_000, memoryBytes: 2 * 1024 ** 3 },
      protectedPaths: ["evaluate.mjs"],
      surfaces: [{ name: "main", paths: ["recipe.mjs", "notes/**"] }],
      recipe: "recipe",
      evaluator: { command: ["node", "evaluate.mjs"], resultFile: "result.json", scoreRange: [0, 100] },
      artifact: ["recipe.mjs", "out/**"],
      ...manifest,
    }),
  );
  for (const [path, content] of Object.entries({ "recipe.mjs": "export const VALUE = 10;\n", ...files })) {
    mkdirSync(join(dir, "recipe", path, ".."), { recursive: true });
    writeFileSync(join(dir, "recipe", path), content);
  }
  return dir;
}

/** An evaluator that scores the recipe's VALUE (lower is better) after running `body`. */
export const scoringEvaluator = (body = "") => `
import { writeFileSync } from "node:fs";
const { VALUE } = await import("./recipe.mjs");
${body}
writeFileSync("result.json", JSON.stringify({ score: VALUE }));
`;

/** Processes whose command line holds `marker` (found through /proc, so any pid namespace counts). */
export function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker)) found.push(Number(pid));
    } catch {
      // gone already
    }
  }
  return found;
}

/** A line of JS that starts a detached (setsid) child that would run forever, tagged with `marker`. */
export const escapingChild = (marker: string) =>
  `(await import("node:child_process")).spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)", ${JSON.stringify(marker)}], { detached: true, stdio: "ignore" }).unref();`;
