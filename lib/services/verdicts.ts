// Verdicts: an auditor's judgement appended beside a trial (never over its outcome), with an event
// naming who gave it. The table is append-only (a trigger refuses updates); a newer verdict supersedes.
import { ulid } from "ulid";
import type { Db } from "../../db/client";
import { getTrialRow } from "../../db/read-queries";
import { inWriteTransaction, insertEvent, insertVerdict, type VerdictRow } from "../../db/write-queries";
import type { VerdictInput } from "../domain/audit/api";
import { domainName } from "../domain/audit/domains";
import { LineageError } from "../domain/errors";
import { verdictView } from "./audit-findings";

export function giveVerdict(db: Db, input: { trialId: string; verdict: VerdictInput; auditor: string; now?: Date }) {
  const trial = getTrialRow(db, input.trialId);
  if (!trial) throw new LineageError("not_found", `trial ${JSON.stringify(input.trialId)} does not exist`);
  const at = (input.now ?? new Date()).toISOString();
  const row: VerdictRow = {
    id: ulid(),
    trialId: trial.id,
    verdict: input.verdict.verdict,
    domain: domainName(input.verdict.domain) ?? null,
    reason: input.verdict.reason?.trim() ? input.verdict.reason : null,
    auditor: input.auditor,
    createdAt: at,
    receivedAt: at,
  };
  inWriteTransaction(db, () => {
    insertVerdict(db, row);
    insertEvent(db, {
      id: ulid(),
      runId: trial.runId,
      trialId: trial.id,
      action: "verdict",
      actor: input.auditor,
      at,
      detail: { verdictId: row.id, verdict: row.verdict, domain: row.domain },
      receivedAt: at,
    });
  });
  return verdictView(row);
}
