// Writes. Hot-path statements are prepared once per connection; callers wrap them in a transaction.
import type Database from "better-sqlite3";
import type { Db } from "./client";

export type TaskRow = typeof import("./schema").tasks.$inferSelect;
export type RunRow = typeof import("./schema").runs.$inferSelect;
export type AgentRow = typeof import("./schema").agents.$inferSelect;
export type TrialRow = typeof import("./schema").trials.$inferSelect;
export type VerdictRow = typeof import("./schema").verdicts.$inferSelect;
export type EventRow = typeof import("./schema").events.$inferSelect;
export type RunStatsRow = typeof import("./schema").runStats.$inferSelect;

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
const bool = (v: boolean | null | undefined) => (v === undefined || v === null ? null : v ? 1 : 0);

const TRIAL_COLUMNS = [
  "id",
  "run_id",
  "seq",
  "agent_id",
  "hypothesis",
  "expected_delta",
  "domain",
  "diff",
  "status",
  "score",
  "metrics",
  "failure",
  "failure_detail",
  "wallclock_seconds",
  "artifact_bytes",
  "peak_memory_bytes",
  "log",
  "context",
  "feedback",
  "kept",
  "started_at",
  "finished_at",
  "extra",
  "is_best",
  "delta_vs_parent",
  "prev_hash",
  "hash",
  "received_at",
] as const;

function trialValues(t: TrialRow): unknown[] {
  return [
    t.id,
    t.runId,
    t.seq,
    t.agentId,
    t.hypothesis,
    t.expectedDelta,
    t.domain,
    t.diff,
    t.status,
    t.score,
    json(t.metrics),
    t.failure,
    t.failureDetail,
    t.wallclockSeconds,
    t.artifactBytes,
    t.peakMemoryBytes,
    t.log,
    t.context,
    t.feedback,
    bool(t.kept),
    t.startedAt,
    t.finishedAt,
    json(t.extra),
    bool(t.isBest),
    t.deltaVsParent,
    t.prevHash,
    t.hash,
    t.receivedAt,
  ];
}

function prepareAll(sqlite: Database.Database) {
  const placeholders = (n: number) => Array(n).fill("?").join(", ");
  return {
    insertTask: sqlite.prepare(
      `INSERT INTO tasks (id, name, description, metric_name, metric_direction, metric_unit, baseline_score,
        noise_floor, spec, received_at) VALUES (${placeholders(10)})`,
    ),
    insertRun: sqlite.prepare(
      `INSERT INTO runs (id, task_id, name, kind, feedback, status, started_at, finished_at, config, received_at)
       VALUES (${placeholders(10)})`,
    ),
    insertRunStats: sqlite.prepare(`INSERT INTO run_stats (run_id) VALUES (?)`),
    insertAgent: sqlite.prepare(`INSERT INTO agents (id, run_id, name, surface, proposer, received_at) VALUES (${placeholders(6)})`),
    insertTrial: sqlite.prepare(`INSERT INTO trials (${TRIAL_COLUMNS.join(", ")}) VALUES (${placeholders(TRIAL_COLUMNS.length)})`),
    replaceTrial: sqlite.prepare(
      `UPDATE trials SET ${TRIAL_COLUMNS.slice(1)
        .map((c) => `${c} = ?`)
        .join(", ")} WHERE id = ?`,
    ),
    deleteParents: sqlite.prepare(`DELETE FROM trial_parents WHERE trial_id = ?`),
    deleteContextRefs: sqlite.prepare(`DELETE FROM trial_context_refs WHERE trial_id = ?`),
    insertParent: sqlite.prepare(`INSERT INTO trial_parents (trial_id, position, parent_id) VALUES (?, ?, ?)`),
    insertContextRef: sqlite.prepare(`INSERT INTO trial_context_refs (trial_id, position, ref_id) VALUES (?, ?, ?)`),
    insertVerdict: sqlite.prepare(
      `INSERT INTO verdicts (id, trial_id, verdict, domain, reason, auditor, created_at, received_at)
       VALUES (${placeholders(8)})`,
    ),
    insertEvent: sqlite.prepare(`INSERT INTO events (id, run_id, trial_id, action, actor, at, detail, received_at) VALUES (${placeholders(8)})`),
    saveRunStats: sqlite.prepare(
      `UPDATE run_stats SET trial_count = ?, evaluated_count = ?, kept_count = ?, baseline_trial_id = ?,
        baseline_score = ?, best_trial_id = ?, best_score = ?, failures = ?, last_seq = ?, chain_seq = ?,
        chain_head = ?, last_activity_at = ? WHERE run_id = ?`,
    ),
  };
}

type Statements = ReturnType<typeof prepareAll>;
const cache = new WeakMap<Database.Database, Statements>();

function statements(db: Db): Statements {
  let s = cache.get(db.$client);
  if (!s) cache.set(db.$client, (s = prepareAll(db.$client)));
  return s;
}

export function insertTask(db: Db, t: TaskRow): void {
  statements(db).insertTask.run(
    t.id,
    t.name,
    t.description,
    t.metricName,
    t.metricDirection,
    t.metricUnit,
    t.baselineScore,
    t.noiseFloor,
    json(t.spec),
    t.receivedAt,
  );
}

export function insertRun(db: Db, r: RunRow): void {
  const s = statements(db);
  s.insertRun.run(r.id, r.taskId, r.name, r.kind, r.feedback, r.status, r.startedAt, r.finishedAt, json(r.config), r.receivedAt);
  s.insertRunStats.run(r.id);
}

export function insertAgent(db: Db, a: AgentRow): void {
  statements(db).insertAgent.run(a.id, a.runId, a.name, a.surface, a.proposer, a.receivedAt);
}

function writeLinks(s: Statements, trialId: string, parentIds: string[], contextRefs: string[]): void {
  parentIds.forEach((p, i) => s.insertParent.run(trialId, i, p));
  contextRefs.forEach((r, i) => s.insertContextRef.run(trialId, i, r));
}

export function insertTrial(db: Db, t: TrialRow, parentIds: string[], contextRefs: string[]): void {
  const s = statements(db);
  s.insertTrial.run(...trialValues(t));
  writeLinks(s, t.id, parentIds, contextRefs);
}

/** Completes a trial that was recorded before its outcome (proposed or running). */
export function completeTrial(db: Db, t: TrialRow, parentIds: string[], contextRefs: string[]): void {
  const s = statements(db);
  const [id, ...rest] = trialValues(t);
  s.replaceTrial.run(...rest, id);
  s.deleteParents.run(t.id);
  s.deleteContextRefs.run(t.id);
  writeLinks(s, t.id, parentIds, contextRefs);
}

export function insertVerdict(db: Db, v: VerdictRow): void {
  statements(db).insertVerdict.run(v.id, v.trialId, v.verdict, v.domain, v.reason, v.auditor, v.createdAt, v.receivedAt);
}

export function insertEvent(db: Db, e: EventRow): void {
  statements(db).insertEvent.run(e.id, e.runId, e.trialId, e.action, e.actor, e.at, json(e.detail), e.receivedAt);
}

export function saveRunStats(db: Db, s: RunStatsRow): void {
  statements(db).saveRunStats.run(
    s.trialCount,
    s.evaluatedCount,
    s.keptCount,
    s.baselineTrialId,
    s.baselineScore,
    s.bestTrialId,
    s.bestScore,
    JSON.stringify(s.failures),
    s.lastSeq,
    s.chainSeq,
    s.chainHead,
    s.lastActivityAt,
    s.runId,
  );
}

/** Runs `fn` in one IMMEDIATE transaction: it takes the write lock up front, so a busy database fails fast and whole. */
export function inWriteTransaction<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}
