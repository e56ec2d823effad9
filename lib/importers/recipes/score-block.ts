// Which task a recipes run belongs to, told by its score columns (SOURCES.md of the release):
// Parameter Golf scores val_bpb (minimize), CIFAR train_s (minimize, accuracy >= 0.96 gate),
// NanoChat core_metric (maximize). --metric and --maximize override.
import { LineageError } from "../../domain/errors";
import type { ImportOptions } from "../options";
import type { TaskDraft } from "../plan";
import { slug } from "../text";

export type ScoreBlock = { task: TaskDraft; scoreColumn: string; gate?: { metric: string; value: number } };

const PARAMETER_GOLF: TaskDraft = {
  id: "parameter-golf",
  name: "Parameter Golf",
  description: "Lowest validation bits per byte from a recipe whose artifact fits in 16,000,000 bytes.",
  metric: { name: "val_bpb", direction: "minimize", unit: "bits/byte" },
  budgets: { artifactBytes: 16_000_000 },
};
const CIFAR: TaskDraft = {
  id: "cifar-speedrun",
  name: "CIFAR-10 speedrun",
  description: "Least training time to a mean accuracy of at least 0.96.",
  metric: { name: "train_s", direction: "minimize", unit: "s" },
  gates: [{ metric: "accuracy", op: ">=", value: 0.96 }],
};
const NANOCHAT: TaskDraft = {
  id: "nanochat-d12",
  name: "NanoChat d12",
  description: "Highest CORE metric of a depth-12 NanoChat model.",
  metric: { name: "core_metric", direction: "maximize" },
};

export function detectScoreBlock(header: string[], sourceName: string, options: ImportOptions): ScoreBlock {
  const at = header.indexOf("status");
  const after = at >= 0 ? header.slice(at + 1) : header;
  let block: ScoreBlock;
  if (after[0] === "core_metric" || (header.includes("core_metric") && !header.includes("accuracy"))) block = { task: NANOCHAT, scoreColumn: "core_metric" };
  else if (header.includes("train_s") && header.includes("accuracy"))
    block = { task: CIFAR, scoreColumn: "train_s", gate: { metric: "accuracy", value: 0.96 } };
  else if (header.includes("val_bpb")) block = { task: PARAMETER_GOLF, scoreColumn: "val_bpb" };
  else {
    const first = after.find((h) => h && !["delta_vs_best", "job_name", "snapshot_path", "notes"].includes(h));
    if (!first) throw new LineageError("invalid_input", "results.tsv: no score column after status; name one with --metric");
    block = { task: { id: `recipes-${slug(sourceName)}`, name: sourceName, metric: { name: first, direction: "minimize" } }, scoreColumn: first };
  }
  if (options.metric === undefined && options.maximize === undefined) return block;
  const metric = options.metric ?? block.scoreColumn;
  if (!header.includes(metric)) throw new LineageError("invalid_input", `results.tsv has no column ${JSON.stringify(metric)} (columns: ${header.join(", ")})`);
  // --maximize / --minimize win; another --metric alone is minimized, the usual one keeps its direction.
  const direction =
    options.maximize !== undefined
      ? options.maximize
        ? "maximize"
        : "minimize"
      : options.metric !== undefined && options.metric !== block.scoreColumn
        ? "minimize"
        : block.task.metric.direction;
  if (metric === block.scoreColumn && direction === block.task.metric.direction) return block;
  // Another metric is another task: the default task id says so, so it never clashes with the usual one.
  const id = `${block.task.id}-${slug(metric)}-${direction === "maximize" ? "max" : "min"}`;
  return { task: { id, name: `${block.task.name} (${metric}, ${direction})`, metric: { name: metric, direction } }, scoreColumn: metric, gate: block.gate };
}
