import { sql } from "drizzle-orm";
import type { Db } from "./client";

export type PayoffRow = {
  seq: number;
  agent: string | null;
  surface: string | null;
  declaredDomain: string | null;
  /** the audit's classified domains as JSON text, null when the trial has no analysis yet */
  classifiedDomains: string | null;
  score: number | null;
  failure: string | null;
  deltaVsParent: number | null;
  expectedDelta: number | null;
  parents: number;
};

/** A run's evaluated trials in seq order, with their agent, surface and classified domains. */
export function payoffRows(db: Db, runId: string): PayoffRow[] {
  return db.all(sql`SELECT t.seq, a.name AS agent, a.surface, t.domain AS declaredDomain,
      json_extract(ta.classification, '$.domains') AS classifiedDomains, t.score, t.failure,
      t.delta_vs_parent AS deltaVsParent, t.expected_delta AS expectedDelta,
      (SELECT count(*) FROM trial_parents p WHERE p.trial_id = t.id) AS parents
    FROM trials t LEFT JOIN agents a ON a.id = t.agent_id LEFT JOIN trial_analyses ta ON ta.trial_id = t.id
    WHERE t.run_id = ${runId} AND t.status = 'evaluated' ORDER BY t.seq`);
}
