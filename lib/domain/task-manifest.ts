// The manifest of a task directory (task.json): the trace's task record plus how to run its
// evaluator, zod-validated. A bad manifest is refused at load, naming the field.
import { z } from "zod";
import { LineageError } from "./errors";
import { formatIssuePath } from "./jsonl";
import { ExecutorSpecInput } from "./run-spec";
import { TaskRecord } from "./trace";

const RelativePath = z
  .string()
  .min(1)
  .max(1000)
  .regex(/^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[^\\\0]+$/, "must be a relative path inside the task");

export const TaskManifest = TaskRecord.omit({ schema: true, type: true }).extend({
  /** the folder holding the baseline recipe, relative to the task directory */
  recipe: RelativePath,
  evaluator: z.strictObject({
    /** the recipe-side command, run in the workspace with the agent's code (untrusted) */
    command: z.array(z.string().min(1).max(1000)).min(1).max(100),
    /**
     * the trusted scorer: evaluator-owned code in its own folder of the task (never copied into the
     * workspace), run in a sandbox of its own beside the recipe's process and talking to it over fd 3.
     * It holds the held-out answers and computes the score; `{evaluator}` in its command is its folder.
     * With a scorer, `resultFile` is the file it writes ($LINEAGE_RESULT_FILE).
     */
    scorer: z.strictObject({ dir: RelativePath, command: z.array(z.string().min(1).max(1000)).min(1).max(100) }).optional(),
    resultFile: RelativePath,
    /** the score must fall in [min, max], else the result is invalid */
    scoreRange: z.tuple([z.number(), z.number()]).optional(),
    /** size of the evaluation's scratch filesystem (the workspace), set by the task, never the recipe; at least twice the largest recipe (8 MiB) */
    scratchBytes: z
      .number()
      .int()
      .min(16 * 1024 * 1024)
      .max(16 * 1024 ** 3)
      .optional(),
  }),
  /** proposers that live with the task: a spec (builtin:mutate) → its module, relative to the task directory, exporting createProposer(kit) */
  proposers: z.record(z.string().regex(/^builtin:[a-z0-9-]+$/, "must be builtin:<name>"), RelativePath).optional(),
  /** where this task's runs evaluate unless a run says otherwise: {"kind": "slurm", "partition": "gpu", "gres": "gpu:1"}; local when absent */
  executor: ExecutorSpecInput.optional(),
  /** globs of what counts toward the artifact size (measured by the harness, not reported by the recipe) */
  artifact: z.array(RelativePath).max(100).default([]),
});
export type TaskManifest = z.infer<typeof TaskManifest>;

export function parseManifest(raw: unknown, where: string): TaskManifest {
  const parsed = TaskManifest.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = formatIssuePath(issue.path) || "(root)";
  throw new LineageError("invalid_input", `${where}: field ${path}: ${issue.message}`, { path: issue.path.map(String) });
}
