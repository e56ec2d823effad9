import { CommandProposer } from "./command";
import { OpenAiProposer, type OpenAiSettings } from "./openai";
import { TaskProposer, MissingTaskProposer } from "./task-proposer";
import type { Proposer } from "./types";
import type { LoadedTask } from "../../evaluator/task";

export type ProposerSettings = { openai: OpenAiSettings; commandTimeoutMs?: number };

/** A proposer by spec: openai:<model>, command:<cmd>, or one the task names in its task.json (builtin:mutate). */
export function createProposer(spec: string, settings: ProposerSettings, task: LoadedTask): Proposer {
  if (spec.startsWith("openai:")) return new OpenAiProposer(spec.slice("openai:".length), settings.openai);
  if (spec.startsWith("command:")) return new CommandProposer(spec.slice("command:".length), settings.commandTimeoutMs);
  const module = task.manifest.proposers?.[spec];
  if (module) return new TaskProposer(spec, task, module);
  if (spec === "builtin:mutate") return new MissingTaskProposer(spec, task);
  throw new Error(`unknown proposer ${JSON.stringify(spec)}`);
}
