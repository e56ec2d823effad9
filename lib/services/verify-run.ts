// verifyRun: recomputes a run's hash chain from what is stored now and names the first broken link.
import type { Db } from "../../db/client";
import * as read from "../../db/read-queries";
import { LineageError } from "../domain/errors";
import { verifyChain, type ChainReport } from "../domain/hash-chain";
import type { TrialRecord } from "../domain/trace";
import { trialRecord } from "./records";

function* evaluatedRecords(db: Db, runId: string): Generator<TrialRecord> {
  for (const rows of read.iterateTrialRows(db, runId, { evaluatedOnly: true })) {
    const ids = rows.map((r) => r.id);
    const parents = read.parentIdsOf(db, ids);
    const refs = read.contextRefIdsOf(db, ids);
    for (const r of rows) yield trialRecord(r, parents.get(r.id)!, refs.get(r.id)!);
  }
}

export function verifyRun(db: Db, runId: string): ChainReport & { runId: string } {
  if (!read.getRunRow(db, runId)) throw new LineageError("not_found", `run ${JSON.stringify(runId)} does not exist`);
  return { runId, ...verifyChain(evaluatedRecords(db, runId)) };
}
