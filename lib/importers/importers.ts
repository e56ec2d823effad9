// The registry of importers by format.
import { LineageError } from "../domain/errors";
import type { ImportFormat } from "./options";
import type { Importer } from "./plan";
import { importAutoresearch } from "./autoresearch/read-autoresearch";
import { importRecipes } from "./recipes/read-recipes";

const REGISTRY: Partial<Record<ImportFormat, Importer>> = {
  recipes: importRecipes,
  autoresearch: importAutoresearch,
};

export function importerFor(format: ImportFormat): Importer {
  const importer = REGISTRY[format];
  if (!importer) throw new LineageError("invalid_input", `importing ${format} sources is not supported yet`);
  return importer;
}
