// Files uploaded through the dashboard: laid out in a private temporary folder as the format expects
// (a blackboard/, a checkpoint's programs/), so they are imported like a path on the command line
// (lib/services/import-source), and the folder is removed. The server never reads a path the client
// names. The server stages the upload here and imports it in a job process (lib/server/jobs).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { LineageError } from "../domain/errors";
import { ImportOptions, type ImportFormat } from "./options";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const checkbox = z.preprocess((v) => (v === undefined || v === "" ? undefined : v === "on" || v === "true" || v === true), z.boolean().optional());

/** The upload form's fields: the import options less --repo (a server path is never taken from a browser). */
export const UploadFields = z.strictObject({
  format: ImportOptions.shape.format,
  taskId: z.preprocess(blankToUndefined, ImportOptions.shape.taskId),
  runName: z.preprocess(blankToUndefined, ImportOptions.shape.runName),
  metric: z.preprocess(blankToUndefined, ImportOptions.shape.metric),
  /** a checkbox ("on") or the form's direction select: "true" maximize, "false" minimize, "" infer */
  maximize: checkbox,
  kind: z.preprocess(blankToUndefined, ImportOptions.shape.kind),
  feedback: z.preprocess(blankToUndefined, ImportOptions.shape.feedback),
  strict: checkbox.transform((v) => v ?? false),
});
export type UploadFields = z.infer<typeof UploadFields>;

export type UploadedFile = { name: string; bytes: Uint8Array };

const SAFE_NAME = /^(?!\.)[\p{L}\p{N}._ ()+-]{1,200}$/u;
const MAX_FILES = 100_000;

type StagedUpload = { path: string; options: ImportOptions; remove: () => void };

/** Checks the files and lays them out in a private temporary folder; `remove` deletes it. */
export function stageUpload(fields: UploadFields, files: UploadedFile[]): StagedUpload {
  if (files.length === 0) throw new LineageError("invalid_input", "field files: choose at least one file to import", { path: ["files"] });
  if (files.length > MAX_FILES) throw new LineageError("invalid_input", `field files: at most ${MAX_FILES} files`, { path: ["files"] });
  const seen = new Set<string>();
  for (const f of files) {
    if (!SAFE_NAME.test(f.name))
      throw new LineageError("invalid_input", `field files: ${JSON.stringify(f.name.slice(0, 200))} is not a plain file name`, { path: ["files"] });
    if (seen.has(f.name)) throw new LineageError("invalid_input", `field files: ${f.name} is given twice`, { path: ["files"] });
    seen.add(f.name);
  }
  const work = mkdtempSync(join(tmpdir(), "lineage-upload-"));
  const remove = () => rmSync(work, { recursive: true, force: true });
  try {
    const folder =
      (fields.runName ?? files[0].name.replace(/\.[^.]*$/, ""))
        .replace(/[^\p{L}\p{N}._ -]+/gu, "_")
        .replace(/^\.+/, "_")
        .slice(0, 100) || "upload";
    const path = layOut(fields.format, join(work, folder), files);
    return { path, options: { ...fields, strict: fields.strict }, remove };
  } catch (e) {
    remove();
    throw e;
  }
}

function write(dir: string, f: UploadedFile): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, f.name);
  writeFileSync(path, f.bytes);
  return path;
}

const RECIPES_FILES = new Set(["results.tsv", "tree.tsv", "best.json", "KNOWLEDGE.md", "LEADERBOARD.md"]);
const OPENEVOLVE_TOP = new Set(["metadata.json", "best_program_info.json", "evolution_trace.jsonl"]);

/** Writes the files where the format's importer looks for them; returns the path to import. */
function layOut(format: ImportFormat, source: string, files: UploadedFile[]): string {
  const one = (what: string) => {
    if (files.length !== 1)
      throw new LineageError("invalid_input", `field files: a ${format} import takes one file (${what}), not ${files.length}`, { path: ["files"] });
    return write(source, files[0]);
  };
  switch (format) {
    case "recipes": {
      for (const f of files) {
        if (!RECIPES_FILES.has(f.name))
          throw new LineageError(
            "invalid_input",
            `field files: a recipes import takes results.tsv, tree.tsv, best.json, KNOWLEDGE.md and LEADERBOARD.md, not ${f.name}`,
            { path: ["files"] },
          );
        write(join(source, "blackboard"), f);
      }
      if (!files.some((f) => f.name === "results.tsv"))
        throw new LineageError("invalid_input", "field files: a recipes import needs results.tsv", { path: ["files"] });
      return source;
    }
    case "autoresearch":
      return one("results.tsv");
    case "aide":
      return one("journal.json");
    case "shinka":
      return one("the .sqlite database");
    case "openevolve": {
      for (const f of files) {
        if (OPENEVOLVE_TOP.has(f.name)) write(source, f);
        else if (f.name.endsWith(".json")) write(join(source, "programs"), f);
        else
          throw new LineageError(
            "invalid_input",
            `field files: an OpenEvolve import takes programs/*.json, metadata.json and best_program_info.json, not ${f.name}`,
            { path: ["files"] },
          );
      }
      mkdirSync(join(source, "programs"), { recursive: true });
      return source;
    }
  }
}
