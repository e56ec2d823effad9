// Reads behind the audit's noise check: every keep and new best of a run with what the check needs.
import { sql } from "drizzle-orm";
import type { Db } from "./client";
import type { KeepRow } from "../lib/domain/keeps";

/** Kept or new-best trials of a run in seq order, each with its number of parents. */
export function keepRows(db: Db, runId: string): KeepRow[] {
  const rows: (Omit<KeepRow, "kept" | "isBest"> & { kept: number | null; isBest: number })[] = db.all(sql`SELECT t.id, t.seq, t.status,
    t.kept, t.is_best AS isBest, t.delta_vs_parent AS deltaVsParent,
    (SELECT count(*) FROM trial_parents p WHERE p.trial_id = t.id) AS parentCount
    FROM trials t WHERE t.run_id = ${runId} AND (coalesce(t.kept, 0) = 1 OR t.is_best = 1) ORDER BY t.seq`);
  return rows.map((r) => ({ ...r, kept: r.kept === null ? null : r.kept === 1, isBest: r.isBest === 1 }));
}
