// "exp_NNN" in an imported trial's text names another trial of its run by its source id
// (issue 10 §17). Resolved here to real trial ids; a mention that names no trial stays text.
import type { Db } from "../../db/client";
import * as read from "../../db/read-queries";

const EXP_MENTION = /\bexp_(\d{1,9})\b/g;
const MAX_MENTIONS = 500;

export type MentionLinks = Record<string, { id: string; seq: number }>;

/** The trials the texts' exp_NNN mentions name, keyed by the mention as written ("exp_075"). */
export function resolveExpMentions(db: Db, runId: string, texts: (string | null | undefined)[]): MentionLinks {
  const out: MentionLinks = {};
  const seen = new Set<string>();
  for (const t of texts) {
    for (const m of (t ?? "").matchAll(EXP_MENTION)) {
      if (seen.has(m[0]) || seen.size >= MAX_MENTIONS) continue;
      seen.add(m[0]);
      const n = String(Number.parseInt(m[1], 10));
      // The importer keeps the row's exp_id as written: "750", "075" or "exp_750".
      for (const sourceId of new Set([m[1], n, n.padStart(3, "0"), m[0]])) {
        const ref = read.getTrialRef(db, `${runId}/${sourceId}`);
        if (ref && ref.runId === runId) {
          out[m[0]] = { id: ref.id, seq: ref.seq };
          break;
        }
      }
    }
  }
  return out;
}
