import { CommandProposer } from "./command";
import { MutateProposer } from "./mutate";
import { OpenAiProposer, type OpenAiSettings } from "./openai";
import type { Proposer } from "./types";

export type ProposerSettings = { openai: OpenAiSettings; commandTimeoutMs?: number };

export function createProposer(spec: string, settings: ProposerSettings): Proposer {
  if (spec === "builtin:mutate") return new MutateProposer();
  if (spec.startsWith("openai:")) return new OpenAiProposer(spec.slice("openai:".length), settings.openai);
  if (spec.startsWith("command:")) return new CommandProposer(spec.slice("command:".length), settings.commandTimeoutMs);
  throw new Error(`unknown proposer ${JSON.stringify(spec)}`);
}
