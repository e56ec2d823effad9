// A task directory: task.json (its manifest, lib/domain/task-manifest.ts) and the baseline recipe,
// loaded from disk. A bad manifest is refused at load, naming the field.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { assertTaskPatterns } from "../domain/audit/task-patterns";
import { LineageError } from "../domain/errors";
import { parseManifest, type TaskManifest } from "../domain/task-manifest";
import { TRACE_SCHEMA, TaskRecord } from "../domain/trace";
import { readRecipe, type Files } from "./files";

export { parseManifest, TaskManifest } from "../domain/task-manifest";

export type LoadedTask = { dir: string; manifest: TaskManifest; record: TaskRecord; baseline: Files };

// Beside this file in the CLI and runner; the web server runs from the repo root (its bundles have no
// reliable import.meta.dirname), so fall back to ./tasks there.
export const BUILTIN_TASKS_DIR =
  [typeof import.meta.dirname === "string" ? resolve(import.meta.dirname, "../../tasks") : "", resolve(process.cwd(), "tasks")].find(
    (d) => d && existsSync(join(d, "golf-mini")),
  ) ?? resolve(process.cwd(), "tasks");

export function loadTask(dir: string): LoadedTask {
  const file = join(dir, "task.json");
  if (!existsSync(file)) throw new LineageError("not_found", `${dir} is not a task directory (no task.json)`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new LineageError("invalid_json", `${file}: ${(e as Error).message}`);
  }
  const manifest = parseManifest(raw, file);
  assertTaskPatterns(manifest.domains, file);
  const recipeDir = join(dir, manifest.recipe);
  if (!existsSync(recipeDir) || !statSync(recipeDir).isDirectory()) {
    throw new LineageError("invalid_input", `${file}: field recipe: ${manifest.recipe} is not a folder`, { path: ["recipe"] });
  }
  const scorer = manifest.evaluator.scorer;
  if (scorer) {
    const scorerDir = resolve(dir, scorer.dir);
    if (!existsSync(scorerDir) || !statSync(scorerDir).isDirectory()) {
      throw new LineageError("invalid_input", `${file}: field evaluator.scorer.dir: ${scorer.dir} is not a folder`, { path: ["evaluator", "scorer", "dir"] });
    }
    // the scorer holds the held-out answers: it must never be part of what the recipe's process sees
    if (`${scorerDir}/`.startsWith(`${resolve(recipeDir)}/`) || `${resolve(recipeDir)}/`.startsWith(`${scorerDir}/`)) {
      throw new LineageError("invalid_input", `${file}: field evaluator.scorer.dir: the scorer's folder must lie outside the recipe folder`, {
        path: ["evaluator", "scorer", "dir"],
      });
    }
  }
  for (const [spec, module] of Object.entries(manifest.proposers ?? {})) {
    const path = resolve(dir, module);
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw new LineageError("invalid_input", `${file}: field proposers.${spec}: ${module} is not a file of the task`, { path: ["proposers", spec] });
    }
  }
  const { recipe: _r, evaluator: _e, artifact: _a, proposers: _p, executor: _x, ...rest } = manifest;
  const record = TaskRecord.parse({ schema: TRACE_SCHEMA, type: "task", ...rest });
  return { dir: resolve(dir), manifest, record, baseline: readRecipe(recipeDir) };
}

/** A built-in task by id (tasks/<id>) or a task directory by path. */
export function resolveTask(idOrPath: string): LoadedTask {
  if (/^[a-z0-9][a-z0-9-]*$/.test(idOrPath) && existsSync(join(BUILTIN_TASKS_DIR, idOrPath, "task.json"))) {
    return loadTask(join(BUILTIN_TASKS_DIR, idOrPath));
  }
  if (existsSync(join(idOrPath, "task.json"))) return loadTask(resolve(idOrPath));
  throw new LineageError("not_found", `no task ${JSON.stringify(idOrPath)}: give a built-in task id (${listBuiltinTaskIds().join(", ")}) or a task directory`);
}

export function listBuiltinTaskIds(): string[] {
  if (!existsSync(BUILTIN_TASKS_DIR)) return [];
  return readdirSync(BUILTIN_TASKS_DIR)
    .filter((d) => existsSync(join(BUILTIN_TASKS_DIR, d, "task.json")))
    .sort();
}
