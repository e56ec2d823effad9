// One trial record into the store: references checked, seq assigned, chain extended or verified,
// derived new-best set. Called inside a write transaction.
import type { Db } from "../../db/client";
import * as read from "../../db/read-queries";
import * as write from "../../db/write-queries";
import type { TrialRef } from "../../db/ingest-lookups";
import { LineageError } from "../domain/errors";
import { hashTrial, sealTrial } from "../domain/hash-chain";
import type { TrialRecord } from "../domain/trace";
import { owesAnalysis } from "./analysis-queue";
import { recordTrialAnalysis } from "./audit-analysis";
import { conflict, missing, sameContent } from "./record-checks";
import { trialRecord, trialRow } from "./records";
import type { RunLedger, RunState } from "./run-ledger";

/** Checks the trial's agent, parents and context refs; returns its parents' references. */
function checkLinks(ledger: RunLedger, t: TrialRecord): TrialRef[] {
  if (t.agentId) {
    const agentRunId = ledger.agentRunId(t.agentId);
    if (!agentRunId) throw missing("agent", t.agentId, "agentId");
    if (agentRunId !== t.runId)
      throw new LineageError("unknown_reference", `agentId: agent ${JSON.stringify(t.agentId)} belongs to another run`, { field: "agentId" });
  }
  const check = (ids: string[], field: string) =>
    ids.map((id, i) => {
      const ref = ledger.trialRef(id);
      if (!ref) throw missing("trial", id, `${field}[${i}]`);
      if (ref.runId !== t.runId) {
        throw new LineageError("unknown_reference", `${field}[${i}]: trial ${JSON.stringify(id)} belongs to another run`, { field: `${field}[${i}]`, id });
      }
      return ref;
    });
  const parents = check(t.parentIds, "parentIds");
  check(t.contextRefs, "contextRefs");
  return parents;
}

function checkOutcomeFields(t: TrialRecord): void {
  if (t.status === "evaluated") return;
  if (t.score != null || t.failure || t.hash || t.prevHash) {
    throw new LineageError("invalid_input", `field status: a ${t.status} trial carries no score, failure or hash yet`, { path: ["status"] });
  }
}

/** Links an evaluated trial into its run's chain: verifies the hashes it carries, or computes them. */
function chain(ledger: RunLedger, state: RunState, t: TrialRecord, hashOf: TrialHasher): TrialRecord {
  if (t.status !== "evaluated") return t;
  if (t.seq! <= state.stats.chainSeq) {
    throw new LineageError(
      "out_of_order",
      `trial ${JSON.stringify(t.id)} (seq ${t.seq}) is evaluated after seq ${state.stats.chainSeq}; a run's trials join its hash chain in seq order`,
      { id: t.id },
    );
  }
  const prev = ledger.chainHead(state);
  if (t.hash === undefined && t.prevHash === undefined) return sealTrial(t, prev, hashOf);
  if (t.prevHash !== prev || t.hash !== hashOf(t)) {
    throw new LineageError(
      "chain_broken",
      `trial ${JSON.stringify(t.id)} (seq ${t.seq}): its ${t.prevHash !== prev ? "prevHash does not match the previous trial's hash" : "hash does not match its content"}; the chain breaks here`,
      { id: t.id, seq: t.seq },
    );
  }
  return t;
}

function deltaVsParent(t: TrialRecord, parents: TrialRef[]): number | null {
  if (t.status !== "evaluated" || t.failure || t.score == null || parents.length === 0) return null;
  const parentScore = parents[0].score;
  return parentScore == null ? null : t.score - parentScore;
}

/**
 * analysis "now": the audit's patterns run inside this transaction (the runner's one trial at a time);
 * "queued": the trial is queued for them (bulk ingest, whose transactions hold thousands of trials).
 */
export type AnalysisTiming = "now" | "queued";

/** hashTrial, or a faster way to the same hash (lib/services/trial-prehash.ts). */
export type TrialHasher = (t: TrialRecord) => string;

export function storeTrial(
  db: Db,
  ledger: RunLedger,
  incoming: TrialRecord,
  now: string,
  analysis: AnalysisTiming = "now",
  hashOf: TrialHasher = hashTrial,
): "created" | "unchanged" | "completed" {
  const state = ledger.get(incoming.runId);
  if (!state) throw missing("run", incoming.runId, "runId");
  checkOutcomeFields(incoming);
  const existing = ledger.trialRef(incoming.id);

  if (existing?.status === "evaluated") {
    const row = read.getTrialRow(db, incoming.id)!;
    const stored = trialRecord(row, read.parentIdsOf(db, [row.id]).get(row.id)!, read.contextRefIdsOf(db, [row.id]).get(row.id)!);
    if (!sameContent(stored, incoming, ["seq", "prevHash", "hash"])) throw conflict("trial", incoming.id);
    return "unchanged";
  }
  if (existing && (existing.runId !== incoming.runId || (incoming.seq !== undefined && incoming.seq !== existing.seq))) {
    throw conflict("trial", incoming.id);
  }

  const parents = checkLinks(ledger, incoming);
  let seq = existing?.seq ?? incoming.seq;
  if (seq === undefined) seq = state.stats.lastSeq + 1;
  else if (!existing) {
    const holder = read.trialIdAtSeq(db, incoming.runId, seq);
    if (holder)
      throw new LineageError("conflict", `field seq: seq ${seq} of run ${JSON.stringify(incoming.runId)} is already trial ${JSON.stringify(holder)}`, {
        path: ["seq"],
      });
  }

  const t = chain(ledger, state, { ...incoming, seq }, hashOf);
  const isBest = ledger.beatsBest(state, t);
  const row = trialRow(t, { isBest, deltaVsParent: deltaVsParent(t, parents) }, now);
  if (existing) write.completeTrial(db, row, t.parentIds, t.contextRefs);
  else write.insertTrial(db, row, t.parentIds, t.contextRefs);
  if (analysis === "now") recordTrialAnalysis(db, t, now);
  else owesAnalysis(db, t.id);
  ledger.record(state, t, isBest, !existing);
  return existing ? "completed" : "created";
}
