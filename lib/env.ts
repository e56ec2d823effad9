// The environment, parsed once. Nothing else reads process.env.
import { z } from "zod";

const Env = z.object({
  LINEAGE_DB: z.string().min(1).default("./data/lineage.db"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** 127.0.0.1 by default: the embedded app is a localhost app until someone decides otherwise. */
  LINEAGE_HOST: z.string().min(1).default("127.0.0.1"),
  /** Extra Host header values accepted besides localhost names (comma-separated), for a proxy in front. */
  LINEAGE_ALLOWED_HOSTS: z.string().default(""),
  LINEAGE_TOKEN: z.string().min(16, "LINEAGE_TOKEN must be at least 16 characters").optional(),
  LINEAGE_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024 * 1024),
  LINEAGE_LOG_TAIL_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024),
  LINEAGE_BUSY_TIMEOUT_MS: z.coerce.number().int().nonnegative().default(5000),
  /** Heavy server work (imports, audit reports) runs in a child process killed after this long. */
  LINEAGE_JOB_TIMEOUT_MS: z.coerce.number().int().positive().default(300_000),
  /** Build folder of the Next.js app (next.config.ts reads it too). */
  LINEAGE_NEXT_DIST: z.string().min(1).default(".next"),
  /** Optional cap on the database file size; writes past it fail cleanly as "disk full". */
  LINEAGE_DB_MAX_BYTES: z.coerce.number().int().positive().optional(),
  /** The loop runner's LLM proposer (openai:<model>): any OpenAI-compatible chat-completions endpoint. */
  LINEAGE_LLM_BASE_URL: z.string().url().default("https://api.openai.com/v1"),
  LINEAGE_LLM_API_KEY: z.string().min(1).optional(),
  /** Where the installation's held-out secret lives (trusted scorers draw held-out data from it); default ~/.lineage/heldout-secret. */
  LINEAGE_HELDOUT_SECRET_FILE: z.string().min(1).optional(),
  /** A folder the Slurm cluster's compute nodes see at the same path: slurm runs stage each trial's job there. */
  LINEAGE_SHARED_DIR: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  /** slurm.conf of the cluster slurm runs submit to (Slurm's own variable); Slurm's default when unset. */
  SLURM_CONF: z.string().min(1).optional(),
  /** How often a slurm run's jobs are read (one squeue call for all of them). */
  LINEAGE_SLURM_POLL_MS: z.coerce.number().int().min(50).default(2000),
  /** The search path Slurm's commands (sbatch, squeue, scancel) are found on. */
  PATH: z.string().default("/usr/local/bin:/usr/bin:/bin"),
  /** `npm start` begins a demo run of the built-in task on a fresh database unless this is 1. */
  LINEAGE_NO_DEMO: z.enum(["0", "1"]).default("0"),
});
export type Env = z.infer<typeof Env>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = Env.safeParse(process.env);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`invalid environment: ${issue.path.join(".")}: ${issue.message}`);
    }
    cached = parsed.data;
  }
  return cached;
}
