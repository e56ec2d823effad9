// lineage task set TASK [--noise-floor X] [--budget-wallclock S] [--budget-artifact-bytes N]
//   [--budget-memory-bytes N] [--gate "metric>=0.96"]… [--direction minimize|maximize]
// lineage task show TASK
// A revision of a task's settings, appended with who (--actor, default "cli") and when; outcomes stay.
import { parseArgs } from "node:util";
import { LineageError } from "../../domain/errors";
import { TaskSettingsChange, parseGate, type TaskSettings } from "../../domain/task-settings";
import { parseOrThrow } from "../../http/parse";
import { getTaskSettings, reviseTaskSettings } from "../../services/task-settings";
import { UsageError, openStore } from "../context";
import type { Reply } from "../output";

const OPTIONS = {
  db: { type: "string" },
  actor: { type: "string", default: "cli" },
  "noise-floor": { type: "string" },
  "budget-wallclock": { type: "string" },
  "budget-artifact-bytes": { type: "string" },
  "budget-memory-bytes": { type: "string" },
  gate: { type: "string", multiple: true },
  direction: { type: "string" },
} as const;

/** A flag's value as a number, or a refusal naming the flag. */
function numberFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text.trim().replaceAll(",", "").replaceAll("_", ""));
  if (text.trim() === "" || !Number.isFinite(n)) throw new LineageError("invalid_input", `--${flag} ${JSON.stringify(text)}: not a number`, { path: [flag] });
  return n;
}

/** The change the flags ask for, checked by the same schema as the HTTP body. */
export function changeFromFlags(v: Partial<Record<keyof typeof OPTIONS, string | string[] | undefined>>): TaskSettingsChange {
  const budgets = Object.fromEntries(
    Object.entries({
      wallclockSeconds: numberFlag("budget-wallclock", v["budget-wallclock"] as string | undefined),
      artifactBytes: numberFlag("budget-artifact-bytes", v["budget-artifact-bytes"] as string | undefined),
      memoryBytes: numberFlag("budget-memory-bytes", v["budget-memory-bytes"] as string | undefined),
    }).filter(([, n]) => n !== undefined),
  );
  const raw = {
    noiseFloor: numberFlag("noise-floor", v["noise-floor"] as string | undefined),
    direction: v.direction,
    budgets: Object.keys(budgets).length ? budgets : undefined,
    gates: (v.gate as string[] | undefined)?.map(parseGate),
  };
  return parseOrThrow(TaskSettingsChange, Object.fromEntries(Object.entries(raw).filter(([, x]) => x !== undefined)), "flags");
}

function describeSettings(s: TaskSettings): string {
  const b = s.budgets;
  return [
    `  direction      ${s.direction}`,
    `  noise floor    ${s.noiseFloor ?? "none"}`,
    `  wall-clock     ${b.wallclockSeconds !== undefined ? `${b.wallclockSeconds} s` : "no budget"}`,
    `  artifact       ${b.artifactBytes !== undefined ? `${b.artifactBytes.toLocaleString("en-US")} bytes` : "no budget"}`,
    `  memory         ${b.memoryBytes !== undefined ? `${b.memoryBytes.toLocaleString("en-US")} bytes` : "no budget"}`,
    `  gates          ${s.gates.length ? s.gates.map((g) => `${g.metric}${g.op}${g.value}`).join(", ") : "none"}`,
  ].join("\n");
}

/**
 * --json: show answers {taskId, taskName, metricName, revision, settings, recorded, revisions}; set answers
 * {taskId, revision, actor, changes, settings}, revision null when nothing changed.
 */
export function taskCommand(args: string[], reply: Reply): number {
  const [verb, ...rest] = args;
  if (verb !== "set" && verb !== "show") throw new UsageError("task set TASK [settings] or task show TASK");
  const { values, positionals } = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError("give the id of one task");
  const db = openStore(values.db);
  try {
    if (verb === "show") {
      const view = getTaskSettings(db, positionals[0]);
      const revision = view.revisions[0]?.revision ?? 0;
      const words = [
        `task ${view.taskId} (${view.taskName}), revision ${revision}:\n${describeSettings(view.settings)}\n`,
        ...view.revisions.map((r) => `  #${r.revision} by ${r.actor} at ${r.at}: ${Object.keys(r.changes).join(", ")}\n`),
      ];
      const { taskId, taskName, metricName, settings, recorded, revisions } = view;
      reply.result({ taskId, taskName, metricName, revision, settings, recorded, revisions }, words.join(""));
      return 0;
    }
    const change = changeFromFlags(values);
    const result = reviseTaskSettings(db, { taskId: positionals[0], change, actor: values.actor! });
    const data = { taskId: result.taskId, revision: result.revision, actor: values.actor, changes: result.changes, settings: result.settings };
    if (result.revision === null) {
      reply.result(data, `task ${result.taskId}: nothing changed (the settings already say so)\n`);
      return 0;
    }
    const what = Object.entries(result.changes).map(([k, [a, b]]) => `${k} ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
    reply.result(data, `task ${result.taskId}: revision ${result.revision} by ${values.actor}: ${what.join("; ")}\n${describeSettings(result.settings)}\n`);
    return 0;
  } finally {
    db.$client.close();
  }
}
