// One trial's link in its run's hash chain, checked without walking the run: recompute this trial's
// hash from what is stored now, and compare its prevHash with the previous evaluated trial's hash.
import type { Db } from "../../db/client";
import { previousChainLink } from "../../db/lineage-queries";
import * as read from "../../db/read-queries";
import { LineageError } from "../domain/errors";
import { GENESIS_HASH, hashTrial } from "../domain/hash-chain";
import { trialRecord } from "./records";

type TrialChainState = "intact" | "hash_mismatch" | "prev_hash_mismatch" | "unsealed";

export function getTrialChainStatus(db: Db, trialId: string) {
  const row = read.getTrialRow(db, trialId);
  if (!row) throw new LineageError("not_found", `trial ${JSON.stringify(trialId)} does not exist`);
  const previous = previousChainLink(db, row.runId, row.seq) ?? null;
  const base = { trialId, hash: row.hash, prevHash: row.prevHash, previousTrialId: previous?.id ?? null };
  // Only evaluated trials join the chain; a proposed or running one has nothing to check yet.
  if (row.status !== "evaluated") return { ...base, state: "unsealed" as TrialChainState, recomputedHash: null };
  const record = trialRecord(row, read.parentIdsOf(db, [row.id]).get(row.id)!, read.contextRefIdsOf(db, [row.id]).get(row.id)!);
  const recomputedHash = hashTrial(record);
  const expectedPrev = previous ? previous.hash : GENESIS_HASH;
  const state: TrialChainState = row.hash !== recomputedHash ? "hash_mismatch" : row.prevHash !== expectedPrev ? "prev_hash_mismatch" : "intact";
  return { ...base, state, recomputedHash };
}
export type TrialChainStatus = ReturnType<typeof getTrialChainStatus>;
