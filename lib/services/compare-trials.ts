// "Compare with": two trials of one run side by side. Code snapshots are not stored yet, so what
// can honestly be compared is their diffs: a unified diff of one diff against the other.
import { createTwoFilesPatch } from "diff";
import type { Db } from "../../db/client";
import { trialDiffRow, trialIdBySeq } from "../../db/lineage-queries";
import type { TrialCompareQuery } from "../domain/api";
import { LineageError } from "../domain/errors";

/** jsdiff is O(N·D); past this it gives up rather than hold the server for seconds. */
const DIFF_TIMEOUT_MS = 1_500;

export function compareTrials(db: Db, trialId: string, query: TrialCompareQuery) {
  const a = trialDiffRow(db, trialId);
  if (!a) throw new LineageError("not_found", `trial ${JSON.stringify(trialId)} does not exist`);
  const otherId = query.with ?? trialIdBySeq(db, a.runId, query.seq!);
  const b = otherId === undefined ? undefined : trialDiffRow(db, otherId);
  if (!b) {
    const what = query.with !== undefined ? `trial ${JSON.stringify(query.with)}` : `seq ${query.seq}`;
    throw new LineageError("not_found", `${what} does not exist in this trial's run`, { path: [query.with !== undefined ? "with" : "seq"] });
  }
  if (b.runId !== a.runId) {
    throw new LineageError("invalid_input", `query with: trial ${JSON.stringify(b.id)} belongs to another run`, { path: ["with"] });
  }
  const left = a.diff ?? "";
  const right = b.diff ?? "";
  const base = { trial: { id: a.id, seq: a.seq }, other: { id: b.id, seq: b.seq }, identical: left === right };
  if (base.identical) return { ...base, patch: "", timedOut: false };
  const patch = createTwoFilesPatch(`trial-${a.seq}.diff`, `trial-${b.seq}.diff`, left, right, undefined, undefined, {
    context: 3,
    timeout: DIFF_TIMEOUT_MS,
  });
  return { ...base, patch: patch ?? "", timedOut: patch === undefined };
}
export type TrialComparison = ReturnType<typeof compareTrials>;
