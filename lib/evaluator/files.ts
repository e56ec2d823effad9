// A recipe as a map of relative path -> text. Recipes are text: binary files and symlinks are
// refused, so every stored snapshot can be diffed and shown.
import { lstatSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { LineageError } from "../domain/errors";

export type Files = Map<string, string>;

const MAX_RECIPE_BYTES = 8 * 1024 * 1024;

export function readRecipe(root: string, skip: (rel: string) => boolean = () => false): Files {
  const files: Files = new Map();
  let total = 0;
  const walk = (rel: string) => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      if (skip(path)) continue;
      const st = lstatSync(join(root, path));
      if (st.isSymbolicLink()) throw new LineageError("invalid_input", `${path} is a symbolic link; recipes hold plain files only`);
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) {
        const buf = readFileSync(join(root, path));
        total += buf.length;
        if (total > MAX_RECIPE_BYTES) throw new LineageError("payload_too_large", `the recipe is over ${MAX_RECIPE_BYTES} bytes`);
        if (buf.includes(0)) throw new LineageError("invalid_input", `${path} is a binary file; recipes hold text only`);
        files.set(path, buf.toString("utf8"));
      }
    }
  };
  walk("");
  return files;
}

/** Writes a recipe into an empty folder (paths were validated when the snapshot was made). */
export function writeRecipe(root: string, files: Files): void {
  for (const [path, content] of files) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}
