// The per-run hash chain of ../shared/TRACE.md: each evaluated trial's hash covers its canonical
// record including prevHash, the hash of the run's previous evaluated trial by seq.
import { dropEmpty, sha256OfCanonical } from "./canonical";
import type { TrialRecord } from "./trace";

export const GENESIS_HASH = "0".repeat(64);

export function hashTrial(record: TrialRecord): string {
  const { hash: _ignored, ...rest } = dropEmpty(record);
  return sha256OfCanonical(rest);
}

/** Fills prevHash and hash; the record must already carry its final seq. */
export function sealTrial(record: TrialRecord, prevHash: string): TrialRecord {
  const withPrev = { ...record, prevHash };
  return { ...withPrev, hash: hashTrial(withPrev) };
}

export type ChainBreak = { trialId: string; seq: number; reason: "prev_hash_mismatch" | "hash_mismatch" };

export type ChainReport = { intact: true; checked: number; head: string } | { intact: false; checked: number; firstBreak: ChainBreak };

/** Walks a run's evaluated trials in seq order and names the first one whose link does not hold. */
export function verifyChain(trials: Iterable<TrialRecord>): ChainReport {
  let prev = GENESIS_HASH;
  let checked = 0;
  for (const t of trials) {
    checked++;
    const brk = (reason: ChainBreak["reason"]): ChainReport => ({
      intact: false,
      checked,
      firstBreak: { trialId: t.id, seq: t.seq ?? 0, reason },
    });
    if (t.prevHash !== prev) return brk("prev_hash_mismatch");
    if (t.hash !== hashTrial(t)) return brk("hash_mismatch");
    prev = t.hash;
  }
  return { intact: true, checked, head: prev };
}
