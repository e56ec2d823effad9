// "Compare with": two trials of one run side by side. Where both trials' code is stored (runs the
// runner made), the comparison is the diff between the two code snapshots; otherwise (imported
// runs without code) it is a unified diff of one trial's diff against the other's.
import { createTwoFilesPatch } from "diff";
import { diffTrees } from "../domain/unified-diff";
import type { Db } from "../../db/client";
import type { Files } from "../evaluator/files";
import { codeOfTrial } from "./code-snapshots";
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
  const ids = { trial: { id: a.id, seq: a.seq }, other: { id: b.id, seq: b.seq } };
  const codeA = codeOfTrial(db, a.id);
  const codeB = codeOfTrial(db, b.id);
  if (codeA && codeB) return { ...ids, basis: "code" as const, ...diffSnapshots(codeA, codeB) };
  const left = a.diff ?? "";
  const right = b.diff ?? "";
  if (left === right) return { ...ids, basis: "diffs" as const, identical: true, patch: "", timedOut: false };
  const patch = createTwoFilesPatch(`trial-${a.seq}.diff`, `trial-${b.seq}.diff`, left, right, undefined, undefined, {
    context: 3,
    timeout: DIFF_TIMEOUT_MS,
  });
  return { ...ids, basis: "diffs" as const, identical: false, patch: patch ?? "", timedOut: patch === undefined };
}

/** A git-style patch taking trial A's code to trial B's, file by file (added and removed files included). */
export function diffSnapshots(a: Files, b: Files): { identical: boolean; patch: string; timedOut: boolean } {
  // the one diff generator: a file past its edit bound is shown replaced whole, so it never times out
  const patch = diffTrees(a, b);
  return { identical: patch === "", patch, timedOut: false };
}
export type TrialComparison = ReturnType<typeof compareTrials>;
