// What starting a run takes (CLI flags and the dashboard form parse into this), and what the run
// keeps in its config so any runner process can drive it.
import { z } from "zod";
import { FeedbackMode, RunKind } from "./trace";

export const ProposerSpec = z
  .string()
  .min(1)
  .max(500)
  .regex(/^(builtin:mutate|openai:[^\s]+|command:.+|mcp)$/, "must be builtin:mutate, openai:<model>, command:<command line> or mcp");

/** An agent of kind mcp proposes nothing through the runner: an external agent submits its trials over MCP. */
export const EXTERNAL_PROPOSER = "mcp";
export const isExternalAgent = (agent: { proposer: string }): boolean => agent.proposer === EXTERNAL_PROPOSER;

export const AgentSpec = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[^\p{Cc}]+$/u, "must be printable")
    .optional(),
  surface: z.string().min(1).max(200).optional(),
  proposer: ProposerSpec.default("builtin:mutate"),
});
export type AgentSpec = z.infer<typeof AgentSpec>;

export const StartRunInput = z.strictObject({
  task: z.string().min(1).max(200),
  name: z.string().min(1).max(200).optional(),
  kind: RunKind.default("headline"),
  agents: z.array(AgentSpec).max(16).optional(),
  trials: z.number().int().min(1).max(100_000),
  parallel: z.number().int().min(1).max(16).default(1),
  feedback: FeedbackMode.default("lineage"),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .default(1),
});
export type StartRunInput = z.input<typeof StartRunInput>;

/** Stored in runs.config. */
export const RunConfig = z.object({
  taskDir: z.string(),
  trials: z.number().int(),
  parallel: z.number().int(),
  seed: z.number().int(),
  agents: z.array(z.object({ id: z.string(), name: z.string(), surface: z.string().optional(), proposer: z.string() })),
});
export type RunConfig = z.infer<typeof RunConfig>;

export const RunAction = z.enum(["pause", "resume", "stop"]);
export type RunAction = z.infer<typeof RunAction>;

/** "model=builtin:mutate,codec=openai:gpt-4o" → agents; a bare proposer applies to every surface. */
export function parseAgentsFlag(flag: string): AgentSpec[] {
  return flag
    .split(/,(?=[^,=:]+=|builtin:|openai:|command:|mcp(?:,|$))/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const m = /^([^=:]+)=(.+)$/.exec(entry);
      return AgentSpec.parse(m ? { surface: m[1].trim(), proposer: m[2].trim() } : { proposer: entry });
    });
}
