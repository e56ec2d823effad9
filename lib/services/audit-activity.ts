// The activity log: every event (verdicts, accounts, runs, imports) with its actor, newest first.
import type { Db } from "../../db/client";
import { activityRows } from "../../db/audit-queries";

export function listActivity(db: Db, input: { before?: number; limit?: number } = {}) {
  const limit = Math.min(Math.max(input.limit ?? 100, 1), 500);
  const rows = activityRows(db, input.before ?? null, limit + 1);
  const page = rows.slice(0, limit);
  return {
    items: page.map(({ rowid, event }) => ({ rowid, ...event })),
    nextBefore: rows.length > limit ? page[page.length - 1].rowid : null,
  };
}
export type ActivityPage = ReturnType<typeof listActivity>;
