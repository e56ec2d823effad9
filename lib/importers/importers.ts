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

/** The format's importer; --kind and --feedback, when given, override what the source says. */
export function importerFor(format: ImportFormat): Importer {
  return (path, options) => {
    const plan = REGISTRY[format](path, options);
    if (options.kind === undefined && options.feedback === undefined) return plan;
    return { ...plan, run: { ...plan.run, ...(options.kind ? { kind: options.kind } : {}), ...(options.feedback ? { feedback: options.feedback } : {}) } };
  };
}
