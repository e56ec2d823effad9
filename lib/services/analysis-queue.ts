// Works off the queue of owed audit analyses (db/analysis-queue-queries.ts) that bulk ingest fills:
// the audit's patterns run here, in batches, each stored in one short write transaction, instead of
// inside the ingest's own transaction. The runner daemon calls it beside the web server; so does
// `lineage import` once its records are stored.
import { queueAnalysis, queuedTrials } from "../../db/analysis-queue-queries";
import { isStoreError, type Db } from "../../db/client";
import { trialDiffOf } from "../../db/audit-queries";
import { failedAnalysis, type TrialAnalysis } from "../domain/audit/trial-analysis";
import { inWriteTransaction } from "../../db/write-queries";
import { analyseTrial, saveAnalysis } from "./audit-analysis";

/** Trials analysed per write transaction: about 0.1 s of pattern work on generated 20 KB diffs. */
export const ANALYSIS_BATCH = 200;
/**
 * Characters of diff per batch: diffs are read one at a time and a batch ends once it has read this
 * many, so 200 queued 8 MB diffs never sit in the worker's memory (or its transaction) at once.
 */
export const ANALYSIS_BATCH_CHARS = 16_000_000;

/** Owes the trial an analysis (inside the ingest's write transaction). */
export const owesAnalysis = (db: Db, trialId: string): void => queueAnalysis(db, trialId);

/**
 * Analyses the longest-queued trials (of one run, when given), at most `limit` and about `maxChars`
 * of diff, and stores them; returns how many it analysed (0: nothing is owed). The patterns run
 * outside the transaction.
 */
export type BatchOptions = {
  limit?: number;
  maxChars?: number;
  runId?: string;
  /** told of each trial whose analysis failed (stored as failed, so it holds up no other) */
  onFailure?: (trialId: string, error: Error) => void;
};

export function analyseQueuedBatch(db: Db, o: BatchOptions = {}): number {
  const maxChars = o.maxChars ?? ANALYSIS_BATCH_CHARS;
  const analyses: { id: string; analysis: TrialAnalysis }[] = [];
  let chars = 0;
  for (const t of queuedTrials(db, o.limit ?? ANALYSIS_BATCH, o.runId)) {
    const diff = trialDiffOf(db, t.id);
    try {
      analyses.push({ id: t.id, analysis: analyseTrial(db, { ...t, diff }) });
    } catch (e) {
      // A store error (busy, full) leaves the queue as it is, to try again. Anything else is this
      // trial's own (a row some other program wrote, a diff that is not text): retried on every
      // look it would stall the queue behind it for good, so what is stored says the checks did not run.
      if (isStoreError(e)) throw e;
      analyses.push({ id: t.id, analysis: failedAnalysis(t.domain, (e as Error).message) });
      o.onFailure?.(t.id, e as Error);
    }
    chars += typeof diff === "string" ? diff.length : 0;
    if (chars >= maxChars) break;
  }
  if (analyses.length === 0) return 0;
  const now = new Date().toISOString();
  inWriteTransaction(db, () => analyses.forEach((a) => saveAnalysis(db, a.id, a.analysis, now)));
  return analyses.length;
}

/** Works the queue off to the end (of one run, when given); returns how many trials it analysed. */
export function analyseAllQueued(db: Db, runId?: string, onFailure?: BatchOptions["onFailure"]): number {
  let total = 0;
  for (let n; (n = analyseQueuedBatch(db, { runId, onFailure })) > 0;) total += n;
  return total;
}
