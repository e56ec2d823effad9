// The flags that say how another tool's source is read (lineage import --from, lineage watch), and
// their parsing into the import options, with messages that name the flag.
import { existsSync } from "node:fs";
import { ImportFormat, ImportOptions } from "../importers/options";
import { UsageError } from "./context";

export const SOURCE_FLAGS = {
  from: { type: "string" },
  "task-id": { type: "string" },
  "run-name": { type: "string" },
  metric: { type: "string" },
  maximize: { type: "boolean" },
  minimize: { type: "boolean" },
  kind: { type: "string" },
  feedback: { type: "string" },
  repo: { type: "string" },
  strict: { type: "boolean" },
} as const;

type SourceValues = {
  from?: string;
  "task-id"?: string;
  "run-name"?: string;
  metric?: string;
  maximize?: boolean;
  minimize?: boolean;
  kind?: string;
  feedback?: string;
  repo?: string;
  strict?: boolean;
};

/** The one source path and its options; a usage error names the flag at fault. */
export function sourceFromFlags(
  values: SourceValues,
  positionals: string[],
  formats: readonly string[] = ImportFormat.options,
): { path: string; options: ImportOptions } {
  if (positionals.length !== 1) throw new UsageError("give one source: a file or folder of the --from format");
  const format = ImportFormat.safeParse(values.from);
  if (!format.success || !formats.includes(format.data))
    throw new UsageError(`--from must be one of ${formats.join(", ")}, not ${JSON.stringify(values.from)}`);
  const path = positionals[0];
  if (!existsSync(path)) throw new UsageError(`no such file or folder: ${path}`);
  if (values.repo !== undefined && !existsSync(values.repo)) throw new UsageError(`no such folder: ${values.repo}`);
  if (values.maximize && values.minimize) throw new UsageError("give --maximize or --minimize, not both");
  const parsed = ImportOptions.safeParse({
    format: format.data,
    taskId: values["task-id"],
    runName: values["run-name"],
    metric: values.metric,
    maximize: values.maximize ? true : values.minimize ? false : undefined,
    kind: values.kind,
    feedback: values.feedback,
    repo: values.repo,
    strict: values.strict ?? false,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--${String(issue.path[0]).replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}: ${issue.message}`);
  }
  return { path, options: parsed.data };
}
