// The per-run hash chain of ../shared/TRACE.md: each evaluated trial's hash covers its canonical
// record including prevHash, the hash of the run's previous evaluated trial by seq.
import { dropEmpty, sha256OfCanonical, type CanonicalCut } from "./canonical";
import type { TrialRecord } from "./trace";

export const GENESIS_HASH = "0".repeat(64);

export function hashTrial(record: TrialRecord): string {
  const { hash: _ignored, ...rest } = dropEmpty(record);
  return sha256OfCanonical(rest);
}

/** Where a trial's canonical form is cut (canonicalSegments) to be hashed before its place in the chain is known. */
export const TRIAL_HASH_CUT: CanonicalCut = { holes: ["prevHash", "seq"], omit: ["hash"], dropEmpty: true };

/** Fills prevHash and hash; the record must already carry its final seq. */
export function sealTrial(record: TrialRecord, prevHash: string, hashOf: (t: TrialRecord) => string = hashTrial): TrialRecord {
  const withPrev = { ...record, prevHash };
  return { ...withPrev, hash: hashOf(withPrev) };
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
