// Reads behind the compare page: per run, the few columns a best-so-far curve needs.
import { sql } from "drizzle-orm";
import type { Db } from "./client";

type FrontierSourceRow = {
  seq: number;
  score: number | null;
  failure: string | null;
  isBest: number;
  startedAt: string | null;
  finishedAt: string | null;
  wallclockSeconds: number | null;
};

/** Every evaluated trial of a run in seq order (the trials_run_status_idx index), no text columns. */
export function frontierSourceRows(db: Db, runId: string): FrontierSourceRow[] {
  return db.all(sql`SELECT seq, score, failure, is_best AS isBest, started_at AS startedAt,
    finished_at AS finishedAt, wallclock_seconds AS wallclockSeconds
    FROM trials WHERE run_id = ${runId} AND status = 'evaluated' ORDER BY seq`);
}

/** How many trials a run had submitted up to and including `seq`. */
export function trialsUpTo(db: Db, runId: string, seq: number): number {
  return db.get<{ n: number }>(sql`SELECT count(*) AS n FROM trials WHERE run_id = ${runId} AND seq <= ${seq}`)!.n;
}

type LessonSourceRow = { id: string; seq: number; failure: string | null; kept: number | null; isBest: number; surface: string | null; refs: string | null };

/** Every evaluated trial of a run with its agent's surface and its context refs (ids joined by a newline), for the failure lessons. */
export function lessonSourceRows(db: Db, runId: string): LessonSourceRow[] {
  return db.all(sql`SELECT t.id AS id, t.seq AS seq, t.failure AS failure, t.kept AS kept, t.is_best AS isBest, a.surface AS surface,
    (SELECT group_concat(r.ref_id, char(10)) FROM trial_context_refs r WHERE r.trial_id = t.id) AS refs
    FROM trials t LEFT JOIN agents a ON a.id = t.agent_id
    WHERE t.run_id = ${runId} AND t.status = 'evaluated' ORDER BY t.seq`);
}
