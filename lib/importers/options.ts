// What an import is asked to do: one schema for the CLI flags and the upload form alike.
import { z } from "zod";
import { LIMITS } from "../domain/limits";
import { ImportFormat } from "../domain/import-formats";
import { FeedbackMode, RecordId, RunKind } from "../domain/trace";

export { IMPORT_FORMATS, ImportFormat } from "../domain/import-formats";

export const ImportOptions = z.strictObject({
  format: ImportFormat,
  taskId: RecordId.optional(),
  runName: z.string().trim().min(1).max(LIMITS.nameChars).optional(),
  /** the column or metric key that holds the score; each format has its own default */
  metric: z.string().trim().min(1).max(200).optional(),
  /** true = --maximize, false = --minimize, undefined = the format's own default or inference */
  maximize: z.boolean().optional(),
  /** the run's arm label; undefined = what the source says (recipes) or headline */
  kind: RunKind.optional(),
  /** whether the run's agents saw lineage feedback; undefined = what the source says, else lineage */
  feedback: FeedbackMode.optional(),
  /** autoresearch only: the experiment's git repository, for each row's diff (CLI only, never from the web) */
  repo: z.string().min(1).optional(),
  strict: z.boolean().default(false),
});
export type ImportOptions = z.infer<typeof ImportOptions>;
