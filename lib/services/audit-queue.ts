// The audit queue of a run: kept and new-best trials first, then the rest, each in seq order,
// a keyset page at a time with classification, findings and verdict status.
import type { Db } from "../../db/client";
import { auditQueueRows } from "../../db/audit-queries";
import { QueueCursor, type AuditQueueQuery } from "../domain/audit/api";
import { auditItems, loadRunContext } from "./audit-findings";
import { decodeCursor, encodeCursor } from "./cursor-codec";

export function auditQueue(db: Db, runId: string, q: AuditQueueQuery) {
  const { ctx } = loadRunContext(db, runId);
  const cursor = q.cursor ? decodeCursor(QueueCursor, q.cursor) : { phase: "top" as const, seq: 0 };
  const want = q.limit + 1;
  let rows = cursor.phase === "top" ? auditQueueRows(db, runId, "top", cursor.seq, want, q.open) : [];
  if (rows.length < want) {
    const after = cursor.phase === "rest" ? cursor.seq : 0;
    rows = rows.concat(auditQueueRows(db, runId, "rest", after, want - rows.length, q.open));
  }
  const page = rows.slice(0, q.limit);
  const items = auditItems(db, page, ctx);
  const last = page.at(-1);
  const lastPhase = last && (last.kept || last.isBest) ? "top" : "rest";
  return {
    items,
    nextCursor: rows.length > q.limit && last ? encodeCursor({ phase: lastPhase, seq: last.seq }) : null,
  };
}
