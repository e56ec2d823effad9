// A run's trials: keyset-paginated lists (light items) and one trial in full.
import type { Db } from "../../db/client";
import { trialsBySeq, trialsByValue, unscoredTrials, type TrialListItemRow } from "../../db/list-queries";
import * as read from "../../db/read-queries";
import { agentRowById, childLinksOf, contextRefLinksOf, parentLinksOf, trialRowById } from "../../db/trial-read-queries";
import { TrialCursor, type ListTrialsQuery } from "../domain/api";
import { LineageError } from "../domain/errors";
import { LIMITS } from "../domain/limits";
import { trialRecord } from "./records";
import { decodeCursor, encodeCursor } from "./cursor-codec";

function toItem(r: TrialListItemRow, parentIds: string[]) {
  return {
    id: r.id,
    seq: r.seq,
    agentId: r.agentId,
    parentIds,
    hypothesis: r.hypothesis,
    hypothesisTruncated: r.hypothesisLength > LIMITS.listHypothesisChars,
    status: r.status,
    score: r.score,
    failure: r.failure,
    failureDetail: r.failureDetail,
    kept: r.kept === null ? null : r.kept === 1,
    isBest: r.isBest === 1,
    domain: r.domain,
    expectedDelta: r.expectedDelta,
    deltaVsParent: r.deltaVsParent,
    wallclockSeconds: r.wallclockSeconds,
    queueSeconds: typeof r.queueSeconds === "number" ? r.queueSeconds : null,
    sourceId: typeof r.sourceId === "string" ? r.sourceId : null,
    /** set when an importer recovered the trial from a malformed source row: the raw row's head */
    malformedRow: r.malformed ? { raw: r.rawRow ?? "", truncated: (r.rawRowLength ?? 0) > (r.rawRow?.length ?? 0) } : null,
  };
}
export type TrialListItem = ReturnType<typeof toItem>;

/** Fetches limit+1 rows to learn whether another page follows, in seq, score or Δ-vs-parent order. */
function pageRows(db: Db, runId: string, minimize: boolean, q: ListTrialsQuery) {
  const f = { runId, agentId: q.agent, failure: q.failure, status: q.status, q: q.q, kept: q.kept, isBest: q.best };
  const want = q.limit + 1;
  const cursor = q.cursor ? decodeCursor(TrialCursor, q.cursor) : null;
  if (q.sort === "seq") {
    const rows = trialsBySeq(db, f, cursor?.seq ?? 0, want);
    return { rows, keyOf: (r: TrialListItemRow): TrialCursor => ({ phase: "seq", seq: r.seq }) };
  }
  // Value order: trials with a value best first, then those without one (failed, pending) by seq.
  const column = q.sort === "score" ? "score" : "delta";
  const valueOf = (r: TrialListItemRow) => (column === "score" ? r.score : r.deltaVsParent);
  const phase = column === "score" ? "scored" : "delta";
  let after: { value: number; seq: number } | null = null;
  if (cursor?.phase === "scored" && phase === "scored") after = { value: cursor.score, seq: cursor.seq };
  if (cursor?.phase === "delta" && phase === "delta") after = { value: cursor.delta, seq: cursor.seq };
  let rows: TrialListItemRow[] = [];
  if (!cursor || after) rows = trialsByValue(db, f, column, minimize, after, want);
  else if (cursor.phase !== "unscored") throw new LineageError("invalid_input", "query cursor: belongs to another sort order", { path: ["cursor"] });
  if (rows.length < want) {
    const afterSeq = cursor?.phase === "unscored" ? cursor.seq : 0;
    rows = rows.concat(unscoredTrials(db, f, afterSeq, want - rows.length, column));
  }
  const keyOf = (r: TrialListItemRow): TrialCursor => {
    const v = valueOf(r);
    if (v === null) return { phase: "unscored", seq: r.seq };
    return phase === "scored" ? { phase, score: v, seq: r.seq } : { phase, delta: v, seq: r.seq };
  };
  return { rows, keyOf };
}

export function listTrials(db: Db, runId: string, q: ListTrialsQuery) {
  const run = read.getRunRow(db, runId);
  if (!run) throw new LineageError("not_found", `run ${JSON.stringify(runId)} does not exist`);
  const minimize = read.getTaskRow(db, run.taskId)!.metricDirection === "minimize";
  const { rows, keyOf } = pageRows(db, runId, minimize, q);
  const page = rows.slice(0, q.limit);
  const parents = read.parentIdsOf(
    db,
    page.map((r) => r.id),
  );
  const more = rows.length > q.limit;
  return {
    items: page.map((r) => toItem(r, parents.get(r.id)!)),
    nextCursor: more ? encodeCursor(keyOf(page[page.length - 1])) : null,
  };
}

const CHILDREN_SHOWN = 1000;

export function getTrial(db: Db, trialId: string) {
  const row = trialRowById(db, trialId);
  if (!row) throw new LineageError("not_found", `trial ${JSON.stringify(trialId)} does not exist`);
  const parents = parentLinksOf(db, row.id);
  const contextRefs = contextRefLinksOf(db, row.id);
  const children = childLinksOf(db, row.id, CHILDREN_SHOWN + 1);
  return {
    ...trialRecord(row, parents.ids, contextRefs.ids),
    isBest: row.isBest,
    receivedAt: row.receivedAt,
    agent: row.agentId ? (agentRowById(db, row.agentId) ?? null) : null,
    parents: parents.links,
    children: children.slice(0, CHILDREN_SHOWN).sort((a, b) => a.seq - b.seq),
    childrenTruncated: children.length > CHILDREN_SHOWN,
    contextRefTrials: contextRefs.links,
  };
}
