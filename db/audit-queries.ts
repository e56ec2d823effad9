// Reads and writes of the audit: queue pages, latest verdicts, legal best, re-evaluations, the
// activity log. Every query is served by an index; run-wide scans go in batches by seq.
import type { Statement } from "better-sqlite3";
import { and, asc, desc, eq, gt, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "./client";
import { agents, events, reevaluations, trialAnalyses, trials, verdicts } from "./schema";

/**
 * The columns findings and classification need: the stored analysis instead of the diff (no log,
 * context or feedback either), so a view reads kilobytes, whatever the diff's size.
 */
const AUDIT_COLUMNS = {
  id: trials.id,
  runId: trials.runId,
  seq: trials.seq,
  agentId: trials.agentId,
  hypothesis: sql<string>`substr(${trials.hypothesis}, 1, 300)`,
  domain: trials.domain,
  status: trials.status,
  score: trials.score,
  metrics: trials.metrics,
  failure: trials.failure,
  failureDetail: trials.failureDetail,
  wallclockSeconds: trials.wallclockSeconds,
  peakMemoryBytes: trials.peakMemoryBytes,
  artifactBytes: trials.artifactBytes,
  kept: trials.kept,
  isBest: trials.isBest,
  deltaVsParent: trials.deltaVsParent,
  evaluatorHash: sql<string | null>`(SELECT tc.evaluator_hash FROM trial_code tc WHERE tc.trial_id = ${trials.id})`,
  analysisVersion: trialAnalyses.version,
  classification: trialAnalyses.classification,
  diffFindings: trialAnalyses.findings,
};
/** Every audit read: trials with their stored analysis, when there is one. */
const auditRows = (db: Db) => db.select(AUDIT_COLUMNS).from(trials).leftJoin(trialAnalyses, eq(trialAnalyses.trialId, trials.id));
export type AuditTrialRow = {
  id: string;
  runId: string;
  seq: number;
  agentId: string | null;
  hypothesis: string;
  domain: string | null;
  status: string;
  score: number | null;
  metrics: Record<string, number> | null;
  failure: string | null;
  failureDetail: string | null;
  wallclockSeconds: number | null;
  peakMemoryBytes: number | null;
  artifactBytes: number | null;
  kept: boolean | null;
  isBest: boolean;
  deltaVsParent: number | null;
  evaluatorHash: string | null;
  /** the stored analysis (lib/domain/audit/trial-analysis.ts) and its version; null before it was stored */
  analysisVersion: number | null;
  classification: Record<string, unknown> | null;
  diffFindings: Record<string, unknown>[] | null;
};

const latestVerdictOf = sql<string | null>`(SELECT v.verdict FROM verdicts v WHERE v.trial_id = ${trials.id} ORDER BY v.rowid DESC LIMIT 1)`;

const notable = sql`(coalesce(${trials.kept}, 0) = 1 OR ${trials.isBest} = 1)`;

/** A page of the audit queue: kept and new-best trials first (phase "top"), then the rest, each by seq. */
export function auditQueueRows(db: Db, runId: string, phase: "top" | "rest", afterSeq: number, limit: number, openOnly = false): AuditTrialRow[] {
  const open = openOnly ? sql`coalesce(${latestVerdictOf}, 'needs_review') = 'needs_review'` : undefined;
  return auditRows(db)
    .where(and(eq(trials.runId, runId), gt(trials.seq, afterSeq), phase === "top" ? notable : sql`NOT ${notable}`, open))
    .orderBy(asc(trials.seq))
    .limit(limit)
    .all() as AuditTrialRow[];
}

export function auditTrialRow(db: Db, trialId: string): AuditTrialRow | undefined {
  return auditRows(db).where(eq(trials.id, trialId)).get() as AuditTrialRow | undefined;
}

/** A run's trials in seq order, a batch at a time, for the domain review and the report. */
export function* iterateAuditRows(db: Db, runId: string, batch = 500): Generator<AuditTrialRow[]> {
  let after = 0;
  for (;;) {
    const rows = auditRows(db)
      .where(and(eq(trials.runId, runId), gt(trials.seq, after)))
      .orderBy(asc(trials.seq))
      .limit(batch)
      .all() as AuditTrialRow[];
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1].seq;
  }
}

export function agentSurfaces(db: Db, runId: string): Map<string, string | null> {
  const rows = db.select({ id: agents.id, surface: agents.surface }).from(agents).where(eq(agents.runId, runId)).all();
  return new Map(rows.map((r) => [r.id, r.surface]));
}

export type VerdictRow = typeof verdicts.$inferSelect;

/** Each trial's verdicts, oldest first (insertion order: a newer verdict supersedes an older one). */
export function verdictsOf(db: Db, trialIds: string[]): Map<string, VerdictRow[]> {
  const out = new Map<string, VerdictRow[]>(trialIds.map((id) => [id, []]));
  if (trialIds.length === 0) return out;
  const rows = db
    .select()
    .from(verdicts)
    .where(inArray(verdicts.trialId, trialIds))
    .orderBy(sql`"verdicts"."rowid"`)
    .all();
  for (const r of rows) out.get(r.trialId)!.push(r);
  return out;
}

/**
 * Best score among trials not judged illegal by their latest verdict. Walks the run's score index
 * best-first and stops at the first legal trial, so it costs the number of illegal trials ahead.
 */
export function legalBestRow(db: Db, runId: string, minimize: boolean): { id: string; score: number } | undefined {
  return db
    .select({ id: trials.id, score: sql<number>`${trials.score}` })
    .from(trials)
    .where(
      and(
        eq(trials.runId, runId),
        sql`${trials.score} IS NOT NULL`,
        isNull(trials.failure),
        eq(trials.status, "evaluated"),
        sql`${latestVerdictOf} IS NOT 'illegal'`,
      ),
    )
    .orderBy(minimize ? asc(trials.score) : desc(trials.score), asc(trials.seq))
    .limit(1)
    .get();
}

export type ReevaluationRow = typeof reevaluations.$inferSelect;

export function reevaluationsOf(db: Db, trialIds: string[]): Map<string, ReevaluationRow[]> {
  const out = new Map<string, ReevaluationRow[]>(trialIds.map((id) => [id, []]));
  if (trialIds.length === 0) return out;
  const rows = db.select().from(reevaluations).where(inArray(reevaluations.trialId, trialIds)).orderBy(asc(reevaluations.createdAt)).all();
  for (const r of rows) out.get(r.trialId)!.push(r);
  return out;
}

export function insertReevaluation(db: Db, r: ReevaluationRow): void {
  db.insert(reevaluations).values(r).run();
}

/** The newest events first, a page at a time (keyset on rowid). */
export function activityRows(db: Db, beforeRowid: number | null, limit: number) {
  return db
    .select({ rowid: sql<number>`"events"."rowid"`, event: events })
    .from(events)
    .where(beforeRowid === null ? undefined : lt(sql`"events"."rowid"`, beforeRowid))
    .orderBy(sql`"events"."rowid" DESC`)
    .limit(limit)
    .all();
}

/** Every re-evaluation of a run's trials, oldest first. */
export function reevaluationsOfRun(db: Db, runId: string): ReevaluationRow[] {
  return db
    .select({ r: reevaluations })
    .from(reevaluations)
    .innerJoin(trials, eq(trials.id, reevaluations.trialId))
    .where(eq(trials.runId, runId))
    .orderBy(asc(reevaluations.createdAt))
    .all()
    .map((x) => x.r);
}

/** A trial's diff, read only to analyse a trial that has no stored analysis yet. */
export function trialDiffOf(db: Db, trialId: string): string | null {
  return db.select({ diff: trials.diff }).from(trials).where(eq(trials.id, trialId)).get()?.diff ?? null;
}

type TrialAnalysisRow = typeof trialAnalyses.$inferInsert;

const upsertAnalysis = new WeakMap<Db, Statement<unknown[]>>();

/** Stores (or replaces) a trial's analysis; a prepared statement, as it runs once per ingested trial. */
export function saveTrialAnalysis(db: Db, row: TrialAnalysisRow): void {
  let stmt = upsertAnalysis.get(db);
  if (!stmt) {
    stmt = db.$client.prepare(
      "INSERT INTO trial_analyses (trial_id, version, classification, findings, analyzed_at) VALUES (?, ?, ?, ?, ?) " +
        "ON CONFLICT (trial_id) DO UPDATE SET version = excluded.version, classification = excluded.classification, findings = excluded.findings, analyzed_at = excluded.analyzed_at",
    );
    upsertAnalysis.set(db, stmt);
  }
  stmt.run(row.trialId, row.version, JSON.stringify(row.classification), JSON.stringify(row.findings), row.analyzedAt);
}

/** How far the audit of a run has come: its trials, and those whose latest verdict is legal or illegal. */
export function reviewProgressRow(db: Db, runId: string): { total: number; reviewed: number } {
  return db
    .select({
      total: sql<number>`count(*)`,
      reviewed: sql<number>`coalesce(sum(CASE WHEN ${latestVerdictOf} IN ('legal', 'illegal') THEN 1 ELSE 0 END), 0)`,
    })
    .from(trials)
    .where(eq(trials.runId, runId))
    .get()!;
}

/** The run's agents by id, with their names, for the queue's agent filter and rows. */
export const agentNamesOf = (db: Db, runId: string): { id: string; name: string }[] =>
  db.select({ id: agents.id, name: agents.name }).from(agents).where(eq(agents.runId, runId)).orderBy(asc(agents.name)).all();
