// The audit queue of a run: kept and new-best trials first, then the rest, each in seq order,
// a keyset page at a time with classification, findings and verdict status. With a filter (domain,
// finding, verdict status, agent) the run is read whole, a batch at a time, as the domain review
// does: findings are partly computed on read, so SQL cannot filter on them.
import type { Db } from "../../db/client";
import { agentNamesOf, auditQueueRows, reviewProgressRow } from "../../db/audit-queries";
import { QueueCursor, type AuditQueueQuery } from "../domain/audit/api";
import { touchesDomain } from "../domain/audit/classify";
import { domainName, STANDARD_DOMAINS } from "../domain/audit/domains";
import { auditItems, loadRunContext, type AuditItem } from "./audit-findings";
import { auditItemsOfRun } from "./audit-review";
import { decodeCursor, encodeCursor } from "./cursor-codec";

const isOpen = (it: Pick<AuditItem, "verdictStatus">) => it.verdictStatus === "unreviewed" || it.verdictStatus === "needs_review";
const isTop = (it: { kept: boolean | null; isBest: boolean }) => Boolean(it.kept || it.isBest);

export const hasFilters = (q: AuditQueueQuery) => Boolean(q.domain || q.finding || q.verdict || q.agent);

function matches(it: AuditItem, q: AuditQueueQuery): boolean {
  if (q.open && !isOpen(it)) return false;
  if (q.verdict && it.verdictStatus !== q.verdict) return false;
  if (q.agent && it.agentId !== q.agent) return false;
  if (q.finding && !it.findings.some((f) => f.kind === q.finding)) return false;
  if (q.domain && !touchesDomain(it.classification, domainName(q.domain) ?? q.domain)) return false;
  return true;
}

type Page = { items: AuditItem[]; nextCursor: string | null; progress: { reviewed: number; total: number; filtered: boolean } };

function filteredQueue(db: Db, runId: string, q: AuditQueueQuery, cursor: QueueCursor): Page {
  const all = [...auditItemsOfRun(db, runId)].filter((it) => matches(it, q));
  const ordered = [...all.filter(isTop), ...all.filter((it) => !isTop(it))];
  const after = ordered.filter((it) => (cursor.phase === "top" ? (isTop(it) ? it.seq > cursor.seq : true) : !isTop(it) && it.seq > cursor.seq));
  const items = after.slice(0, q.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: after.length > q.limit && last ? encodeCursor({ phase: isTop(last) ? "top" : "rest", seq: last.seq }) : null,
    progress: { reviewed: all.filter((it) => !isOpen(it)).length, total: all.length, filtered: true },
  };
}

export function auditQueue(db: Db, runId: string, q: AuditQueueQuery): Page {
  const { ctx } = loadRunContext(db, runId);
  const cursor = q.cursor ? decodeCursor(QueueCursor, q.cursor) : { phase: "top" as const, seq: 0 };
  if (hasFilters(q)) return filteredQueue(db, runId, q, cursor);
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
    progress: { ...reviewProgressRow(db, runId), filtered: false },
  };
}

/** What the queue's filters offer: the run's agents, the task's domains (or the standard ones). */
export function auditQueueFacets(db: Db, runId: string) {
  const { ctx } = loadRunContext(db, runId, false);
  const declared = (ctx.task.domains ?? []).map((d) => d.name);
  return { agents: agentNamesOf(db, runId), domains: declared.length > 0 ? declared : [...STANDARD_DOMAINS] };
}
