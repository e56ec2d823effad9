// The audit queue of a run: kept and new-best trials first, then the rest, each in seq order,
// a keyset page at a time with classification, findings and verdict status.
import type { Db } from "../../db/client";
import { auditQueueRows } from "../../db/audit-queries";
import { QueueCursor, type AuditQueueQuery } from "../domain/audit/api";
import { LineageError } from "../domain/errors";
import { auditItems, loadRunContext } from "./audit-findings";

const encode = (c: QueueCursor) => Buffer.from(JSON.stringify(c), "utf8").toString("base64url");

function decode(s: string): QueueCursor {
  try {
    const parsed = QueueCursor.safeParse(JSON.parse(Buffer.from(s, "base64url").toString("utf8")));
    if (parsed.success) return parsed.data;
  } catch {
    // every undecodable cursor gets the same answer
  }
  throw new LineageError("invalid_input", "query cursor: not a cursor this server gave out", { path: ["cursor"] });
}

export function auditQueue(db: Db, runId: string, q: AuditQueueQuery) {
  const { ctx } = loadRunContext(db, runId);
  const cursor = q.cursor ? decode(q.cursor) : { phase: "top" as const, seq: 0 };
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
    nextCursor: rows.length > q.limit && last ? encode({ phase: lastPhase, seq: last.seq }) : null,
  };
}
