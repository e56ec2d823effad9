// Verdicts: an auditor's judgement appended beside a trial (never over its outcome), with an event
// naming who gave it. The table is append-only (a trigger refuses updates); a newer verdict supersedes.
import { ulid } from "ulid";
import type { Db } from "../../db/client";
import { getRunRow, getTrialRow } from "../../db/read-queries";
import { inWriteTransaction, insertEvent, insertVerdict, type VerdictRow } from "../../db/write-queries";
import type { BulkVerdictInput, VerdictInput } from "../domain/audit/api";
import { domainName } from "../domain/audit/domains";
import { LineageError } from "../domain/errors";
import { verdictView } from "./audit-findings";

type TrialRef = { id: string; runId: string };

function verdictRow(trial: TrialRef, verdict: VerdictInput, auditor: string, at: string): VerdictRow {
  return {
    id: ulid(),
    trialId: trial.id,
    verdict: verdict.verdict,
    domain: domainName(verdict.domain) ?? null,
    reason: verdict.reason?.trim() ? verdict.reason : null,
    auditor,
    createdAt: at,
    receivedAt: at,
  };
}

function record(db: Db, trial: TrialRef, row: VerdictRow): void {
  insertVerdict(db, row);
  insertEvent(db, {
    id: ulid(),
    runId: trial.runId,
    trialId: trial.id,
    action: "verdict",
    actor: row.auditor ?? "unknown",
    at: row.createdAt!,
    detail: { verdictId: row.id, verdict: row.verdict, domain: row.domain },
    receivedAt: row.receivedAt,
  });
}

function trialOrThrow(db: Db, trialId: string): TrialRef {
  const trial = getTrialRow(db, trialId);
  if (!trial) throw new LineageError("not_found", `trial ${JSON.stringify(trialId)} does not exist`);
  return trial;
}

export function giveVerdict(db: Db, input: { trialId: string; verdict: VerdictInput; auditor: string; now?: Date }) {
  const trial = trialOrThrow(db, input.trialId);
  const row = verdictRow(trial, input.verdict, input.auditor, (input.now ?? new Date()).toISOString());
  inWriteTransaction(db, () => record(db, trial, row));
  return verdictView(row);
}

/**
 * One verdict for each selected trial of a run, with the same domain and reason: all recorded in one
 * transaction, or none when any trial is unknown or belongs to another run.
 */
export function giveVerdicts(db: Db, input: { runId: string; verdicts: BulkVerdictInput; auditor: string; now?: Date }) {
  if (!getRunRow(db, input.runId)) throw new LineageError("not_found", `run ${JSON.stringify(input.runId)} does not exist`);
  const { trialIds, ...verdict } = input.verdicts;
  const trials = trialIds.map((id) => trialOrThrow(db, id));
  const stranger = trials.find((t) => t.runId !== input.runId);
  if (stranger) throw new LineageError("invalid_input", `trialIds: trial ${JSON.stringify(stranger.id)} is not in run ${JSON.stringify(input.runId)}`);
  const at = (input.now ?? new Date()).toISOString();
  const rows = trials.map((t) => verdictRow(t, verdict, input.auditor, at));
  inWriteTransaction(db, () => rows.forEach((row, i) => record(db, trials[i], row)));
  return { items: rows.map((r) => ({ ...verdictView(r), trialId: r.trialId })) };
}
