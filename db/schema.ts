// The store. Only db/ speaks SQL. Columns mirror the trace records (lineage-trace/1); free-form
// objects are JSON text. Every row keeps the server's own receive time.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const receivedAt = () => text("received_at").notNull();

export const tasks = sqliteTable("tasks", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description"),
  metricName: text("metric_name").notNull(),
  metricDirection: text("metric_direction", { enum: ["minimize", "maximize"] }).notNull(),
  metricUnit: text("metric_unit"),
  baselineScore: real("baseline_score"),
  noiseFloor: real("noise_floor"),
  /** budgets, gates, protectedPaths, surfaces, domains as one JSON object */
  spec: text("spec", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  receivedAt: receivedAt(),
});

export const runs = sqliteTable(
  "runs",
  {
    id: text("id").primaryKey(),
    taskId: text("task_id")
      .notNull()
      .references(() => tasks.id),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    feedback: text("feedback").notNull(),
    status: text("status").notNull(),
    startedAt: text("started_at"),
    finishedAt: text("finished_at"),
    config: text("config", { mode: "json" }).$type<Record<string, unknown>>(),
    receivedAt: receivedAt(),
  },
  (t) => [index("runs_task_idx").on(t.taskId)],
);

/** Derived per-run figures, kept current in the same transaction as each trial write. */
export const runStats = sqliteTable("run_stats", {
  runId: text("run_id")
    .primaryKey()
    .references(() => runs.id),
  trialCount: integer("trial_count").notNull().default(0),
  evaluatedCount: integer("evaluated_count").notNull().default(0),
  keptCount: integer("kept_count").notNull().default(0),
  baselineTrialId: text("baseline_trial_id"),
  baselineScore: real("baseline_score"),
  bestTrialId: text("best_trial_id"),
  bestScore: real("best_score"),
  failures: text("failures", { mode: "json" })
    .$type<Record<string, number>>()
    .notNull()
    .default(sql`'{}'`),
  lastSeq: integer("last_seq").notNull().default(0),
  /** seq and hash of the last evaluated trial: the head of the run's hash chain */
  chainSeq: integer("chain_seq").notNull().default(0),
  chainHead: text("chain_head"),
  lastActivityAt: text("last_activity_at"),
});

export const agents = sqliteTable(
  "agents",
  {
    id: text("id").primaryKey(),
    runId: text("run_id")
      .notNull()
      .references(() => runs.id),
    name: text("name").notNull(),
    surface: text("surface"),
    proposer: text("proposer"),
    receivedAt: receivedAt(),
  },
  (t) => [index("agents_run_idx").on(t.runId)],
);

export const trials = sqliteTable(
  "trials",
  {
    id: text("id").primaryKey(),
    runId: text("run_id")
      .notNull()
      .references(() => runs.id),
    seq: integer("seq").notNull(),
    agentId: text("agent_id").references(() => agents.id),
    hypothesis: text("hypothesis").notNull(),
    expectedDelta: real("expected_delta"),
    domain: text("domain"),
    diff: text("diff"),
    status: text("status").notNull(),
    score: real("score"),
    metrics: text("metrics", { mode: "json" }).$type<Record<string, number>>(),
    failure: text("failure"),
    failureDetail: text("failure_detail"),
    wallclockSeconds: real("wallclock_seconds"),
    artifactBytes: integer("artifact_bytes"),
    peakMemoryBytes: integer("peak_memory_bytes"),
    log: text("log"),
    context: text("context"),
    feedback: text("feedback"),
    kept: integer("kept", { mode: "boolean" }),
    startedAt: text("started_at"),
    finishedAt: text("finished_at"),
    extra: text("extra", { mode: "json" }).$type<Record<string, unknown>>(),
    /** derived on ingest: this trial beat every earlier evaluated trial of its run */
    isBest: integer("is_best", { mode: "boolean" }).notNull().default(false),
    /** derived on ingest: score minus the first parent's score, when both are scored (signed, metric units) */
    deltaVsParent: real("delta_vs_parent"),
    prevHash: text("prev_hash"),
    hash: text("hash"),
    receivedAt: receivedAt(),
  },
  (t) => [
    uniqueIndex("trials_run_seq_idx").on(t.runId, t.seq),
    // Covers the lookup of a trial's reference by id (db/ingest-lookups.ts trialRef), made for every
    // parent and context ref an ingested trial names: from the table, its status and score sit after
    // the diff, so each lookup walked the referenced trial's overflow pages.
    index("trials_ref_idx").on(t.id, t.runId, t.seq, t.status, t.score),
    index("trials_run_score_idx").on(t.runId, t.score, t.seq),
    // Also covers the run page's per-agent figures (db/agent-queries.ts agentAggregates and the
    // failure counts), for the same reason as the curve's index below: read from the table, they
    // walked every trial's overflow pages (13 s cold at 112k trials).
    index("trials_run_agent_idx").on(t.runId, t.agentId, t.seq, t.status, t.isBest, t.kept, t.score, t.failure, t.expectedDelta, t.deltaVsParent),
    index("trials_run_failure_idx").on(t.runId, t.failure, t.seq),
    // Covers the score curve's read of every evaluated trial (db/curve-queries.ts): the columns it
    // needs sit after the diff and hypothesis in the row, so reading them from the table walks every
    // trial's overflow pages (the whole database at a million trials); from the index it does not.
    index("trials_run_status_idx").on(
      t.runId,
      t.status,
      t.seq,
      t.id,
      t.agentId,
      t.score,
      t.failure,
      t.startedAt,
      t.finishedAt,
      t.wallclockSeconds,
      sql`extra ->> '$.executor.queueSeconds'`,
      // the lineage's read of every trial (db/lineage-queries.ts lineageNodeRows) is covered too
      t.isBest,
    ),
    index("trials_run_delta_idx").on(t.runId, t.deltaVsParent, t.seq),
  ],
);

export const trialParents = sqliteTable(
  "trial_parents",
  {
    trialId: text("trial_id")
      .notNull()
      .references(() => trials.id),
    position: integer("position").notNull(),
    parentId: text("parent_id")
      .notNull()
      .references(() => trials.id),
  },
  (t) => [primaryKey({ columns: [t.trialId, t.position] }), index("trial_parents_parent_idx").on(t.parentId)],
);

export const trialContextRefs = sqliteTable(
  "trial_context_refs",
  {
    trialId: text("trial_id")
      .notNull()
      .references(() => trials.id),
    position: integer("position").notNull(),
    refId: text("ref_id")
      .notNull()
      .references(() => trials.id),
  },
  (t) => [primaryKey({ columns: [t.trialId, t.position] }), index("trial_context_refs_ref_idx").on(t.refId)],
);

export const verdicts = sqliteTable(
  "verdicts",
  {
    id: text("id").primaryKey(),
    trialId: text("trial_id")
      .notNull()
      .references(() => trials.id),
    verdict: text("verdict").notNull(),
    domain: text("domain"),
    reason: text("reason"),
    auditor: text("auditor"),
    createdAt: text("created_at"),
    receivedAt: receivedAt(),
  },
  (t) => [index("verdicts_trial_idx").on(t.trialId)],
);

export const events = sqliteTable(
  "events",
  {
    id: text("id").primaryKey(),
    runId: text("run_id").references(() => runs.id),
    trialId: text("trial_id").references(() => trials.id),
    action: text("action").notNull(),
    actor: text("actor").notNull(),
    at: text("at").notNull(),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>(),
    receivedAt: receivedAt(),
  },
  (t) => [index("events_run_idx").on(t.runId, t.at)],
);

/**
 * Revisions of a task's settings after its record was stored (noise floor, budgets, gates, metric
 * direction): appended, never updated; the latest is the task's current settings. The task record
 * itself and every trial's outcome stay as they were recorded.
 */
export const taskRevisions = sqliteTable(
  "task_revisions",
  {
    id: text("id").primaryKey(),
    taskId: text("task_id")
      .notNull()
      .references(() => tasks.id),
    /** 1, 2, … per task */
    revision: integer("revision").notNull(),
    /** the full settings in force from this revision on */
    settings: text("settings", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** what this revision changed, field by field: { field: [before, after] } */
    changes: text("changes", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    actor: text("actor").notNull(),
    at: text("at").notNull(),
  },
  (t) => [uniqueIndex("task_revisions_task_rev_idx").on(t.taskId, t.revision)],
);

// --- The loop runner's own tables (issue 4) ---

/** File contents, content-addressed (sha256 of the text), shared by every snapshot that holds them. */
export const codeBlobs = sqliteTable("code_blobs", {
  hash: text("hash").primaryKey(),
  content: text("content").notNull(),
  bytes: integer("bytes").notNull(),
});

/** A whole recipe tree: path -> blob hash, addressed by the hash of that manifest. */
export const codeSnapshots = sqliteTable("code_snapshots", {
  hash: text("hash").primaryKey(),
  files: text("files", { mode: "json" }).$type<Record<string, string>>().notNull(),
});

/** The exact code each runner-made trial ran, so any trial can be re-run or diffed against any other. */
export const trialCode = sqliteTable(
  "trial_code",
  {
    trialId: text("trial_id")
      .primaryKey()
      .references(() => trials.id),
    snapshotHash: text("snapshot_hash")
      .notNull()
      .references(() => codeSnapshots.hash),
    /** hash of the protected (evaluator-owned) files as the workspace held them; null before it was recorded */
    evaluatorHash: text("evaluator_hash"),
  },
  (t) => [index("trial_code_snapshot_idx").on(t.snapshotHash)],
);

/** Which runner process drives a run; a lease whose process died or stopped beating may be taken over. */
export const runLeases = sqliteTable("run_leases", {
  runId: text("run_id")
    .primaryKey()
    .references(() => runs.id),
  runnerId: text("runner_id").notNull(),
  pid: integer("pid").notNull(),
  heartbeatAt: text("heartbeat_at").notNull(),
});

/**
 * Trials being evaluated, not yet recorded (a trial joins its run's hash chain only once evaluated).
 * A job left behind by a dead runner becomes an infra_error trial when its run is taken over.
 */
export const trialJobs = sqliteTable(
  "trial_jobs",
  {
    id: text("id").primaryKey(),
    runId: text("run_id")
      .notNull()
      .references(() => runs.id),
    runnerId: text("runner_id").notNull(),
    /** the planned trial record (no seq, no outcome yet) */
    planned: text("planned", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    snapshotHash: text("snapshot_hash").references(() => codeSnapshots.hash),
    /** process group of the evaluator sandbox, so a successor can make sure it is gone */
    pgid: integer("pgid"),
    /** the executor that runs it (local, slurm) and its job id there (a process group, a Slurm job id) */
    executor: text("executor"),
    executorJobId: text("executor_job_id"),
    startedAt: text("started_at").notNull(),
  },
  (t) => [index("trial_jobs_run_idx").on(t.runId)],
);

/**
 * Trials being evaluated, in any process (external agents' MCP submissions and the runner's own):
 * the run's trial budget and parallelism count them. A claim is taken in the same transaction as
 * that check; one whose trial is recorded, or whose process is gone, no longer counts.
 */
export const submissionClaims = sqliteTable(
  "submission_claims",
  {
    /** the planned trial's id: the claim stops counting once that trial is recorded */
    trialId: text("trial_id").primaryKey(),
    runId: text("run_id")
      .notNull()
      .references(() => runs.id),
    /** the process evaluating it (the web server, a lineage mcp or a runner), to tell a dead one's claims */
    pid: integer("pid").notNull(),
    claimedAt: text("claimed_at").notNull(),
  },
  (t) => [index("submission_claims_run_idx").on(t.runId)],
);

// --- Audit and accounts (issue 6) ---

/**
 * Local accounts. With no row here the app is the embedded single-user localhost app; the first
 * account switches sign-in on. Passwords are scrypt hashes (salt and parameters inside the string).
 */
export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  name: text("name").notNull().unique(),
  role: text("role", { enum: ["viewer", "auditor", "admin"] }).notNull(),
  passwordHash: text("password_hash").notNull(),
  createdAt: text("created_at").notNull(),
});

/** Sign-in sessions. Only the SHA-256 of the cookie value is stored, so a copied database signs no one in. */
export const sessions = sqliteTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    csrfToken: text("csrf_token").notNull(),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Per-user API tokens for ingestion and runners; stored as SHA-256, shown once when made. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    label: text("label").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
  },
  (t) => [index("api_tokens_user_idx").on(t.userId)],
);

/**
 * Tokens of one run's external agent (an agent of kind mcp): they read that run and submit as that
 * agent over /api/mcp, nothing else. Stored as SHA-256, shown once when made.
 */
export const agentTokens = sqliteTable(
  "agent_tokens",
  {
    id: text("id").primaryKey(),
    runId: text("run_id")
      .notNull()
      .references(() => runs.id),
    /** the agent's id in the run's stored spec */
    agentId: text("agent_id").notNull(),
    label: text("label").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
  },
  (t) => [index("agent_tokens_run_idx").on(t.runId)],
);

/** Re-runs of a trial's stored code with its task's evaluator, recorded beside the original, never over it. */
export const reevaluations = sqliteTable(
  "reevaluations",
  {
    id: text("id").primaryKey(),
    trialId: text("trial_id")
      .notNull()
      .references(() => trials.id),
    originalScore: real("original_score"),
    score: real("score"),
    metrics: text("metrics", { mode: "json" }).$type<Record<string, number>>(),
    failure: text("failure"),
    failureDetail: text("failure_detail"),
    /** score − original score, when both exist */
    difference: real("difference"),
    tolerance: real("tolerance"),
    withinTolerance: integer("within_tolerance", { mode: "boolean" }),
    wallclockSeconds: real("wallclock_seconds"),
    log: text("log"),
    actor: text("actor").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("reevaluations_trial_idx").on(t.trialId)],
);

/**
 * Runs started through the run-starting service (`lineage run`, POST /api/runs), with the validated
 * spec the runner drives them by. The runner reads only this table: a run that came in as a trace
 * record (whatever its status or config say) has no row here, so it is a record, never a job.
 */
export const startedRuns = sqliteTable("started_runs", {
  runId: text("run_id")
    .primaryKey()
    .references(() => runs.id),
  /** the validated RunConfig: task folder (built-in, or given on the CLI by the operator), budget, agents */
  spec: text("spec", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  /** who started it: cli or api */
  origin: text("origin").notNull(),
  createdAt: text("created_at").notNull(),
});

/** Runner processes, so a successor can find a dead one's work folder and clean up after it. */
export const runners = sqliteTable("runners", {
  id: text("id").primaryKey(),
  pid: integer("pid").notNull(),
  /** daemon (beside serve: drives every run and the re-evaluation queue) or run (one CLI run) */
  kind: text("kind").notNull(),
  workRoot: text("work_root").notNull(),
  startedAt: text("started_at").notNull(),
  heartbeatAt: text("heartbeat_at").notNull(),
});

/** The re-evaluation queue: requests wait here until a runner has a free slot. */
export const reevalJobs = sqliteTable(
  "reeval_jobs",
  {
    id: text("id").primaryKey(),
    trialId: text("trial_id")
      .notNull()
      .references(() => trials.id),
    actor: text("actor").notNull(),
    /** queued, running, done or failed */
    status: text("status").notNull(),
    runnerId: text("runner_id"),
    /** process group of the evaluator sandbox while running */
    pgid: integer("pgid"),
    /** the executor that runs it (local, slurm) and its job id there */
    executor: text("executor"),
    executorJobId: text("executor_job_id"),
    workspace: text("workspace"),
    reevaluationId: text("reevaluation_id").references(() => reevaluations.id),
    error: text("error"),
    createdAt: text("created_at").notNull(),
    startedAt: text("started_at"),
    finishedAt: text("finished_at"),
  },
  (t) => [index("reeval_jobs_status_idx").on(t.status, t.createdAt), index("reeval_jobs_trial_idx").on(t.trialId)],
);

/**
 * What the audit reads from a trial's diff (classification, diff findings), computed once when the
 * trial is recorded (lib/domain/audit/trial-analysis.ts) so no view runs patterns over a diff.
 */
export const trialAnalyses = sqliteTable("trial_analyses", {
  trialId: text("trial_id")
    .primaryKey()
    .references(() => trials.id),
  /** ANALYSIS_VERSION it was computed with; an older one is recomputed once */
  version: integer("version").notNull(),
  classification: text("classification", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  findings: text("findings", { mode: "json" }).$type<Record<string, unknown>[]>().notNull(),
  analyzedAt: text("analyzed_at").notNull(),
});

/**
 * Trials whose audit analysis is owed: bulk ingest (traces, imports) queues them instead of running
 * the audit's patterns inside its write transaction; the runner daemon works the queue off in its
 * own process (lib/services/analysis-queue.ts), and a view of a trial still queued analyses it then.
 */
export const analysisQueue = sqliteTable("analysis_queue", {
  trialId: text("trial_id")
    .primaryKey()
    .references(() => trials.id),
});

/**
 * Free-text notes on a run or on one of its trials (trial_id null: on the run itself), by who and
 * when: appended, never edited or removed (triggers refuse UPDATE and DELETE).
 */
export const notes = sqliteTable(
  "notes",
  {
    id: text("id").primaryKey(),
    runId: text("run_id")
      .notNull()
      .references(() => runs.id),
    trialId: text("trial_id").references(() => trials.id),
    author: text("author").notNull(),
    body: text("body").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("notes_run_idx").on(t.runId, t.createdAt), index("notes_trial_idx").on(t.trialId)],
);
