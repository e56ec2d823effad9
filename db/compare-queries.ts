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
