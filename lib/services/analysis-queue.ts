// Works off the queue of owed audit analyses (db/analysis-queue-queries.ts) that bulk ingest fills:
// the audit's patterns run here, in batches, each stored in one short write transaction, instead of
// inside the ingest's own transaction. The runner daemon calls it beside the web server; so does
// `lineage import` once its records are stored.
import type { Db } from "../../db/client";
import { queueAnalysis, queuedTrials } from "../../db/analysis-queue-queries";
import { inWriteTransaction } from "../../db/write-queries";
import { analyseTrial, saveAnalysis } from "./audit-analysis";

/** Trials analysed per write transaction: about 0.1 s of pattern work on generated 20 KB diffs. */
export const ANALYSIS_BATCH = 200;

/** Owes the trial an analysis (inside the ingest's write transaction). */
export const owesAnalysis = (db: Db, trialId: string): void => queueAnalysis(db, trialId);

/**
 * Analyses the longest-queued trials (of one run, when given), at most `limit`, and stores them;
 * returns how many it analysed (0: nothing is owed). The patterns run outside the transaction.
 */
export function analyseQueuedBatch(db: Db, o: { limit?: number; runId?: string } = {}): number {
  const queued = queuedTrials(db, o.limit ?? ANALYSIS_BATCH, o.runId);
  if (queued.length === 0) return 0;
  const analyses = queued.map((t) => ({ id: t.id, analysis: analyseTrial(db, t) }));
  const now = new Date().toISOString();
  inWriteTransaction(db, () => analyses.forEach((a) => saveAnalysis(db, a.id, a.analysis, now)));
  return queued.length;
}

/** Works the queue off to the end (of one run, when given); returns how many trials it analysed. */
export function analyseAllQueued(db: Db, runId?: string): number {
  let total = 0;
  for (let n; (n = analyseQueuedBatch(db, { runId })) > 0;) total += n;
  return total;
}
