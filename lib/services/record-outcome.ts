// recordOutcome: a submission's outcome (an evaluated trial, a refused edit, an interrupted job) into
// the store, through the same code as ingestion (so the hash chain, run_stats and new-best stay
// right), in one short transaction after the slow work. Whether it is a new best, and so kept, is
// decided here once (lib/domain/keeps.ts), and the feedback it hands forward says so. Its seq is
// assigned here, when the outcome is known: a run's trials join the chain in that order.
import type { Db } from "../../db/client";
import * as read from "../../db/read-queries";
import * as q from "../../db/runner-queries";
import * as write from "../../db/write-queries";
import { LIMITS } from "../domain/limits";
import { boundLog } from "../domain/log-tail";
import { TRACE_SCHEMA, TrialRecord } from "../domain/trace";
import type { FailureLabelName } from "../domain/failures";
import { trialFeedback } from "../domain/trial-feedback";
import type { Files } from "../evaluator/files";
import { saveSnapshot } from "./code-snapshots";
import { RunLedger } from "./run-ledger";
import { storeTrial } from "./store-trial";

export type PlannedTrial = {
  id: string;
  runId: string;
  agentId?: string;
  parentIds: string[];
  contextRefs: string[];
  hypothesis: string;
  diff?: string;
  context?: string;
  domain?: string;
  expectedDelta?: number;
  startedAt: string;
  extra?: Record<string, unknown>;
};

export type TrialOutcome = {
  score?: number;
  metrics?: Record<string, number>;
  failure?: FailureLabelName;
  failureDetail?: string;
  wallclockSeconds?: number;
  artifactBytes?: number;
  log?: string;
  /** what the trial hands forward; when absent, made from the outcome and the keep decision */
  feedback?: string;
};

const cut = (s: string | undefined, max: number) => (s === undefined || s.length <= max ? s : s.slice(0, max - 1) + "…");

/** Bounds every free-text field to its cap (a proposer's text is untrusted and may be huge). */
function buildRecord(p: PlannedTrial, o: TrialOutcome, logTailChars: number): TrialRecord {
  const diffTooLong = p.diff !== undefined && p.diff.length > LIMITS.diffChars;
  return TrialRecord.parse({
    schema: TRACE_SCHEMA,
    type: "trial",
    id: p.id,
    runId: p.runId,
    agentId: p.agentId,
    parentIds: p.parentIds,
    contextRefs: p.contextRefs,
    hypothesis: cut(p.hypothesis, LIMITS.hypothesisChars),
    expectedDelta: p.expectedDelta,
    domain: p.domain,
    diff: diffTooLong ? undefined : p.diff,
    status: "evaluated",
    score: o.failure ? undefined : o.score,
    metrics: o.metrics,
    failure: o.failure,
    failureDetail: cut(o.failureDetail, LIMITS.failureDetailChars),
    wallclockSeconds: o.wallclockSeconds,
    artifactBytes: o.artifactBytes,
    log: o.log === undefined ? undefined : boundLog(o.log, Math.min(logTailChars, LIMITS.logChars)),
    context: cut(p.context, LIMITS.contextChars),
    feedback: cut(o.feedback, LIMITS.feedbackChars),
    startedAt: p.startedAt,
    finishedAt: new Date().toISOString(),
    extra: diffTooLong ? { ...p.extra, diffCharsDropped: p.diff!.length } : p.extra,
  });
}

const metricOf = (db: Db, runId: string) => read.getTaskRow(db, read.getRunRow(db, runId)!.taskId)!.metricName;

export type RecordedTrial = { id: string; seq: number; isBest: boolean; kept: boolean };

export function recordOutcome(
  db: Db,
  planned: PlannedTrial,
  outcome: TrialOutcome,
  opts: { logTailChars: number; code?: Files | string; jobId?: string; evaluatorHash?: string },
): RecordedTrial {
  const draft = buildRecord(planned, outcome, opts.logTailChars);
  const now = new Date().toISOString();
  return write.inWriteTransaction(db, () => {
    const ledger = new RunLedger(db, now);
    const state = ledger.get(planned.runId)!;
    const kept = ledger.beatsBest(state, draft);
    const parentScore = planned.parentIds[0] ? read.getTrialRef(db, planned.parentIds[0])?.score : null;
    const feedback = outcome.feedback ?? cut(trialFeedback(outcome, metricOf(db, planned.runId), parentScore, kept), LIMITS.feedbackChars);
    const record = { ...draft, kept, feedback };
    storeTrial(db, ledger, record, now);
    const snapshot = typeof opts.code === "string" ? opts.code : opts.code ? saveSnapshot(db, opts.code) : undefined;
    if (snapshot) q.insertTrialCode(db, planned.id, snapshot, opts.evaluatorHash ?? null);
    if (opts.jobId) q.deleteJob(db, opts.jobId);
    ledger.save();
    return { id: planned.id, seq: state.stats.lastSeq, isBest: kept, kept };
  });
}
