// ingestTrace: stores a batch of trace records atomically. Either every record is stored (or found
// already stored, unchanged) or the transaction rolls back and nothing is written.
import type { Db } from "../../db/client";
import * as read from "../../db/read-queries";
import { setRunStatus } from "../../db/runner-queries";
import type { RunRow } from "../../db/write-queries";
import * as write from "../../db/write-queries";
import { assertTaskPatterns } from "../domain/audit/task-patterns";
import { LineageError } from "../domain/errors";
import { GENESIS_HASH } from "../domain/hash-chain";
import type { ParsedLine } from "../domain/jsonl";
import { boundLog } from "../domain/log-tail";
import { statusMayAdvance } from "../domain/run-state";
import { RECORD_TYPES, type RecordType, type RunRecord, type TraceRecord, type TrialRecord } from "../domain/trace";
import * as rec from "./records";
import { RunLedger } from "./run-ledger";
import { storeTrial } from "./store-trial";
import { TrialPrehash } from "./trial-prehash";
import { conflict, missing, sameContent } from "./record-checks";

export type IngestOptions = { logTailChars: number; receivedAt?: string };

export type IngestResult = {
  created: Record<RecordType, number>;
  unchanged: Record<RecordType, number>;
  /** trials recorded earlier as proposed or running that this batch completed, and live runs it moved on */
  completed: number;
  ids: Record<RecordType, string[]>;
};

const zeroCounts = () => Object.fromEntries(RECORD_TYPES.map((t) => [t, 0])) as Record<RecordType, number>;

type Outcome = "created" | "unchanged" | "completed";

function storeRecord(db: Db, ledger: RunLedger, r: TraceRecord, opts: IngestOptions, now: string, prehash: TrialPrehash): Outcome {
  switch (r.type) {
    case "task": {
      assertTaskPatterns(r.domains); // a pattern that cannot run in linear time is refused with its field path
      const existing = read.getTaskRecordRow(db, r.id); // as recorded: a settings revision is not a different record
      if (existing) return unchangedOr("task", r.id, sameContent(rec.taskRecord(existing), rec.taskRecord(rec.taskRow(r, now))));
      write.insertTask(db, rec.taskRow(r, now));
      return "created";
    }
    case "run": {
      if (!read.getTaskRow(db, r.taskId)) throw missing("task", r.taskId, "taskId");
      const existing = read.getRunRow(db, r.id);
      if (existing) return runAgain(db, ledger, existing, rec.runRecord(rec.runRow(r, now)));
      write.insertRun(db, rec.runRow(r, now));
      return "created";
    }
    case "agent": {
      if (!read.getRunRow(db, r.runId)) throw missing("run", r.runId, "runId");
      const existing = read.getAgentRow(db, r.id);
      if (!existing) refuseIfRunnerDriven(ledger, r.runId, "agents");
      if (existing) return unchangedOr("agent", r.id, sameContent(rec.agentRecord(existing), rec.agentRecord(rec.agentRow(r, now))));
      write.insertAgent(db, rec.agentRow(r, now));
      return "created";
    }
    case "trial":
      // an evaluated trial sent again unchanged is fine (export and re-import); a new or completed one is not
      if (ledger.trialRef(r.id)?.status !== "evaluated") refuseIfRunnerDriven(ledger, r.runId, "trials");
      // a batch can hold thousands of trials: their audit analysis is queued, not run in this transaction
      return storeTrial(db, ledger, asStored(r, opts), now, "queued", (t) => prehash.hash(r, t));
    case "verdict": {
      if (!read.getTrialRef(db, r.trialId)) throw missing("trial", r.trialId, "trialId");
      const existing = read.getVerdictRow(db, r.id);
      const incoming = rec.verdictRecord(rec.verdictRow(r, now));
      if (existing) {
        const same = sameContent(rec.verdictRecord(existing), r.createdAt ? incoming : { ...incoming, createdAt: undefined }, ["createdAt"]);
        return unchangedOr("verdict", r.id, same);
      }
      write.insertVerdict(db, rec.verdictRow(r, now));
      return "created";
    }
    case "event": {
      if (r.runId && !read.getRunRow(db, r.runId)) throw missing("run", r.runId, "runId");
      if (r.trialId && !read.getTrialRef(db, r.trialId)) throw missing("trial", r.trialId, "trialId");
      const existing = read.getEventRow(db, r.id);
      if (existing) return unchangedOr("event", r.id, sameContent(rec.eventRecord(existing), rec.eventRecord(rec.eventRow(r, now))));
      write.insertEvent(db, rec.eventRow(r, now));
      return "created";
    }
  }
}

/**
 * A run Lineage's runner drives gets its trials from its evaluator only: a trace may not add one,
 * complete one the runner is evaluating (with a score of its choosing), or add an agent to it.
 */
function refuseIfRunnerDriven(ledger: RunLedger, runId: string, what: string): void {
  if (!ledger.runnerDrives(runId)) return;
  throw new LineageError(
    "conflict",
    `field runId: run ${JSON.stringify(runId)} is driven by Lineage's runner; its ${what} come from the runner and its evaluator, never from an uploaded trace`,
    { path: ["runId"] },
  );
}

/**
 * The same run again: unchanged, or a live run a client logs moving to its next status (and its
 * finish time) with every other field as stored. The runner's own runs change only through it.
 */
function runAgain(db: Db, ledger: RunLedger, existing: RunRow, incoming: RunRecord): Outcome {
  const stored = rec.runRecord(existing);
  if (sameContent(stored, incoming)) return "unchanged";
  const rest = (r: RunRecord) => ({ ...r, status: undefined, finishedAt: undefined });
  if (!statusMayAdvance(stored.status, incoming.status) || !sameContent(rest(stored), rest(incoming))) throw conflict("run", stored.id);
  refuseIfRunnerDriven(ledger, stored.id, "status changes");
  setRunStatus(db, stored.id, incoming.status, incoming.finishedAt ?? null);
  return "completed";
}

function unchangedOr(type: RecordType, id: string, same: boolean): Outcome {
  if (!same) throw conflict(type, id);
  return "unchanged";
}

/** The trial as it is stored and hashed: its log cut to this server's cap. */
function asStored(r: TrialRecord, opts: IngestOptions): TrialRecord {
  const log = boundTrialLog(r, opts.logTailChars);
  return log === r.log ? r : { ...r, log };
}

function boundTrialLog(r: TrialRecord, maxChars: number): string | undefined {
  if (r.log === undefined || r.log.length <= maxChars) return r.log;
  // A hashed record must be stored exactly as it was hashed, so its log cannot be cut.
  if (r.hash) {
    throw new LineageError(
      "payload_too_large",
      `field log: ${r.log.length} characters, over this server's log cap of ${maxChars}, and the record is hashed so it cannot be cut`,
      { path: ["log"] },
    );
  }
  return boundLog(r.log, maxChars);
}

export function ingestTrace(db: Db, lines: Iterable<ParsedLine>, opts: IngestOptions): IngestResult {
  const now = opts.receivedAt ?? new Date().toISOString();
  const result: IngestResult = {
    created: zeroCounts(),
    unchanged: zeroCounts(),
    completed: 0,
    ids: { task: [], run: [], agent: [], trial: [], verdict: [], event: [] },
  };
  const prehash = new TrialPrehash(
    (r) => {
      try {
        return asStored(r, opts);
      } catch {
        return undefined; // refused at its turn, with its line number
      }
    },
    (runId) => {
      const stats = read.getRunStats(db, runId);
      return stats && { head: stats.chainHead ?? GENESIS_HASH, lastSeq: stats.lastSeq };
    },
  );
  write.inWriteTransaction(db, () => {
    const ledger = new RunLedger(db, now);
    for (const { line, record } of prehash.lines(lines)) {
      let outcome: Outcome;
      try {
        outcome = storeRecord(db, ledger, record, opts, now, prehash);
      } catch (e) {
        throw atLine(e, line);
      }
      if (outcome === "completed") result.completed++;
      else result[outcome][record.type]++;
      if (outcome === "created") result.ids[record.type].push(record.id);
    }
    ledger.save();
  });
  return result;
}

/** Names the line in a domain error; store errors (busy, disk full) pass through to be mapped as they are. */
function atLine(e: unknown, line: number): unknown {
  if (!(e instanceof LineageError)) return e;
  return new LineageError(e.code, `line ${line}: ${e.message}`, { ...e.details, line });
}
