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

const SlurmName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.:+-]*$/, "must be a Slurm name (letters, digits, _ . : + -)");

/**
 * Where a run's evaluations run: `local` (the sandbox on this machine, the default) or `slurm` (one
 * batch job per trial). The Slurm fields are sbatch's: --partition, --account, --qos, --gres,
 * --cpus-per-task, --mem (a size like 16G; default: the task's memory budget). As given (a run's
 * input, a task's default), the kind may be left out; resolveExecutorSpec settles it.
 */
export const ExecutorSpecInput = z.strictObject({
  kind: z.enum(["local", "slurm"]).optional(),
  partition: SlurmName.optional(),
  account: SlurmName.optional(),
  qos: SlurmName.optional(),
  gres: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_:,.-]+$/, "must be a Slurm GRES list (e.g. gpu:1)")
    .optional(),
  cpus: z.number().int().min(1).max(1024).optional(),
  mem: z
    .string()
    .regex(/^[1-9]\d{0,8}[KMGT]?$/, "must be a size in Slurm's words: a whole number with K, M, G or T (16G; megabytes when bare)")
    .optional(),
  /** seconds a trial's job may wait in the queue before it is cancelled and recorded infra_error with Slurm's pending reason (default a day) */
  maxPendingSeconds: z
    .number()
    .int("must be a whole number of seconds")
    .min(1, "must be at least 1 second")
    .max(30 * 24 * 3600, "must be at most 30 days (2592000 s)")
    .optional(),
});
export type ExecutorSpecInput = z.input<typeof ExecutorSpecInput>;

const SLURM_FIELDS = ["partition", "account", "qos", "gres", "cpus", "mem", "maxPendingSeconds"] as const;

/** A settled executor spec (what a run stores): its kind named, Slurm's fields only on a slurm one. */
export const ExecutorSpec = ExecutorSpecInput.extend({ kind: z.enum(["local", "slurm"]) }).superRefine((e, ctx) => {
  if (e.kind === "slurm") return;
  for (const field of SLURM_FIELDS) {
    if (e[field] !== undefined)
      ctx.addIssue({ code: "custom", path: [field], message: `only the slurm executor takes ${field} (this run's executor is ${e.kind})` });
  }
});
export type ExecutorSpec = z.output<typeof ExecutorSpec>;

/** A duration as `lineage run --max-pending` takes it: 90 or 90s, 10m, 2h, 1d; undefined when it is none of these. */
export function durationSeconds(text: string): number | undefined {
  const m = /^(\d{1,9})([smhd]?)$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]]!;
}

/** Slurm's --mem words in bytes: 16G, 512M, 1024 (megabytes when bare). */
export function memBytes(mem: string): number {
  const m = /^(\d+)([KMGT]?)$/.exec(mem);
  if (!m) throw new Error(`not a Slurm size: ${mem}`);
  const unit = { K: 1024, "": 1024 ** 2, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }[m[2]]!;
  return Number(m[1]) * unit;
}

const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * The run's executor, unchecked: the run's own settings over the task's defaults (task.json
 * `executor`) when both name the same kind (or the run names none); `local` when neither says.
 * Check the result with ExecutorSpec (a field of the wrong kind is refused, naming it).
 */
export function resolveExecutorSpec(taskDefault: ExecutorSpecInput | undefined, run: ExecutorSpecInput | undefined): Record<string, unknown> {
  const kind = run?.kind ?? taskDefault?.kind ?? "local";
  const base = taskDefault && (taskDefault.kind ?? "local") === kind ? defined(taskDefault) : {};
  return { ...base, ...defined(run ?? {}), kind };
}

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
  /** where the evaluations run; absent: the task's default (task.json `executor`), else local */
  executor: ExecutorSpecInput.optional(),
});
export type StartRunInput = z.input<typeof StartRunInput>;

/** Stored in runs.config. */
export const RunConfig = z.object({
  taskDir: z.string(),
  trials: z.number().int(),
  parallel: z.number().int(),
  seed: z.number().int(),
  agents: z.array(z.object({ id: z.string(), name: z.string(), surface: z.string().optional(), proposer: z.string() })),
  /** where its evaluations run (absent in runs started before executors were named: local) */
  executor: ExecutorSpec.optional(),
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
