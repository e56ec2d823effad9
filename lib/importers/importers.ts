// The registry of importers by format.
import type { ImportFormat } from "./options";
import type { Importer } from "./plan";
import { importAide } from "./aide/read-aide";
import { importAutoresearch } from "./autoresearch/read-autoresearch";
import { importOpenevolve } from "./openevolve/read-openevolve";
import { importShinka } from "./shinka/read-shinka";
import { importRecipes } from "./recipes/read-recipes";

const REGISTRY: Record<ImportFormat, Importer> = {
  recipes: importRecipes,
  autoresearch: importAutoresearch,
  aide: importAide,
  openevolve: importOpenevolve,
  shinka: importShinka,
};

export function importerFor(format: ImportFormat): Importer {
  return REGISTRY[format];
}
