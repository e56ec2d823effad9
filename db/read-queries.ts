// Reads of single records and their links. Every query here is served by an index: O(1) or O(page).
import { and, asc, eq, gt, inArray, or, sql } from "drizzle-orm";
// Records without a natural order (agents, verdicts, events) come back in insertion order (rowid),
// so an export re-imported elsewhere exports identically.
import type { Db } from "./client";
import { agents, events, runStats, runs, tasks, trialContextRefs, trialParents, trials, verdicts } from "./schema";
import type { RunStatsRow, TrialRow } from "./write-queries";
import { latestTaskRevision, withLatestRevision } from "./task-revision-queries";

/** The task record as it was stored: what ingest compares a re-sent record with and what an export writes. */
export const getTaskRecordRow = (db: Db, id: string) => db.select().from(tasks).where(eq(tasks.id, id)).get();
/** The task as it stands now: its record with the latest settings revision (task_revisions) applied. */
export const getTaskRow = (db: Db, id: string) => {
  const row = getTaskRecordRow(db, id);
  return row && withLatestRevision(row, latestTaskRevision(db, id));
};
export const getRunRow = (db: Db, id: string) => db.select().from(runs).where(eq(runs.id, id)).get();
export const getAgentRow = (db: Db, id: string) => db.select().from(agents).where(eq(agents.id, id)).get();
export const getTrialRow = (db: Db, id: string) => db.select().from(trials).where(eq(trials.id, id)).get();
export const getVerdictRow = (db: Db, id: string) => db.select().from(verdicts).where(eq(verdicts.id, id)).get();
export const getEventRow = (db: Db, id: string) => db.select().from(events).where(eq(events.id, id)).get();
export const getRunStats = (db: Db, runId: string): RunStatsRow | undefined => db.select().from(runStats).where(eq(runStats.runId, runId)).get();

export { findTrialRef as getTrialRef, findTrialIdAtSeq as trialIdAtSeq } from "./ingest-lookups";

export const agentsOfRun = (db: Db, runId: string) =>
  db
    .select()
    .from(agents)
    .where(eq(agents.runId, runId))
    .orderBy(sql`"agents"."rowid"`)
    .all();

/** Parent ids of each trial, in position order (the first parent is the diff base). */
export function parentIdsOf(db: Db, trialIds: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>(trialIds.map((id) => [id, []]));
  if (trialIds.length === 0) return out;
  const rows = db
    .select()
    .from(trialParents)
    .where(inArray(trialParents.trialId, trialIds))
    .orderBy(asc(trialParents.trialId), asc(trialParents.position))
    .all();
  for (const r of rows) out.get(r.trialId)!.push(r.parentId);
  return out;
}

export function contextRefIdsOf(db: Db, trialIds: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>(trialIds.map((id) => [id, []]));
  if (trialIds.length === 0) return out;
  const rows = db
    .select()
    .from(trialContextRefs)
    .where(inArray(trialContextRefs.trialId, trialIds))
    .orderBy(asc(trialContextRefs.trialId), asc(trialContextRefs.position))
    .all();
  for (const r of rows) out.get(r.trialId)!.push(r.refId);
  return out;
}

export function childIdsOf(db: Db, trialId: string, limit: number): string[] {
  return db
    .select({ id: trialParents.trialId })
    .from(trialParents)
    .where(eq(trialParents.parentId, trialId))
    .limit(limit)
    .all()
    .map((r) => r.id);
}

/** Trials of a run in seq order, a batch at a time, so a 100k-trial export never holds all of them. */
export function* iterateTrialRows(db: Db, runId: string, options: { evaluatedOnly?: boolean; batch?: number } = {}) {
  const batch = options.batch ?? 500;
  let after = 0;
  for (;;) {
    const conditions = [eq(trials.runId, runId), gt(trials.seq, after)];
    if (options.evaluatedOnly) conditions.push(eq(trials.status, "evaluated"));
    const rows: TrialRow[] = db
      .select()
      .from(trials)
      .where(and(...conditions))
      .orderBy(asc(trials.seq))
      .limit(batch)
      .all();
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1].seq;
  }
}

export function verdictsOfRun(db: Db, runId: string) {
  return db
    .select({ verdict: verdicts })
    .from(verdicts)
    .innerJoin(trials, eq(trials.id, verdicts.trialId))
    .where(eq(trials.runId, runId))
    .orderBy(sql`"verdicts"."rowid"`)
    .all()
    .map((r) => r.verdict);
}

/** Events of a run, including those that name only one of its trials. */
export function eventsOfRun(db: Db, runId: string) {
  return db
    .select({ event: events })
    .from(events)
    .leftJoin(trials, eq(trials.id, events.trialId))
    .where(or(eq(events.runId, runId), eq(trials.runId, runId)))
    .orderBy(sql`"events"."rowid"`)
    .all()
    .map((r) => r.event);
}

/** The cheapest read there is: proves the connection answers. */
export function pingDatabase(db: Db): void {
  db.$client.prepare("SELECT 1").get();
}
