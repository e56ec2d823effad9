// Reads behind a run's score curve: only the few columns a point needs, never a diff or a log.
import { sql } from "drizzle-orm";
import type { Db } from "./client";

export type CurveRow = {
  id: string;
  seq: number;
  agentId: string | null;
  score: number | null;
  failure: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  wallclockSeconds: number | null;
  /** seconds the trial's cluster job waited in the queue (extra.executor.queueSeconds), when it ran on one */
  queueSeconds: number | null;
};

/** Every evaluated trial of a run in seq order, from the trials_run_status_idx index alone (it covers these columns, its expression included). */
export function evaluatedCurveRows(db: Db, runId: string): CurveRow[] {
  return db.all(sql`SELECT id, seq, agent_id AS agentId, score, failure, started_at AS startedAt,
    finished_at AS finishedAt, wallclock_seconds AS wallclockSeconds, extra ->> '$.executor.queueSeconds' AS queueSeconds
    FROM trials WHERE run_id = ${runId} AND status = 'evaluated' ORDER BY seq`);
}

/** The first `chars` characters of each trial's hypothesis, for hover cards. */
export function hypothesisHeads(db: Db, ids: string[], chars: number): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows: { id: string; h: string }[] = db.all(
      sql`SELECT id, substr(hypothesis, 1, ${chars}) AS h FROM trials WHERE id IN (${sql.join(
        chunk.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
    for (const r of rows) out.set(r.id, r.h);
  }
  return out;
}
