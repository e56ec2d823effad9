// P8's diffs: an 8 KB diff, a 2 MB diff and a diff of one 1 MB line, as children of a baseline in
// a run of their own, cut from the same fixed-seed code text as every other benchmark diff.
import { TRACE_SCHEMA } from "../lib/domain/trace";
import { agentIdOf, codeCorpus, runHeader, sliceOf, trialIdOf, type TraceObject } from "./data";
import { mulberry32, type Rng } from "./prng";

/** P8's diffs: one of each size the diff view must handle, in a run of their own (seq 2, 3, 4). */
export const DIFF_CASES = [
  { key: "8KB", what: "8 KB diff", seq: 2, chars: 8 * 1024, oneLine: false },
  { key: "2MB", what: "2 MB diff", seq: 3, chars: 2 * 1024 * 1024, oneLine: false },
  { key: "1MB-line", what: "one 1 MB line", seq: 4, chars: 1024 * 1024, oneLine: true },
] as const;
export type DiffCase = (typeof DIFF_CASES)[number];

/** About `chars` characters of diff (whole code lines), or exactly that many in one added line. */
function diffOfSize(rng: Rng, c: DiffCase): string {
  const file = `src/${c.key.toLowerCase()}.py`;
  const head = `diff --git a/${file} b/${file}\n--- a/${file}\n+++ b/${file}\n@@ -1,40 +1,42 @@\n`;
  if (!c.oneLine) return head + sliceOf(codeCorpus(), rng, c.chars - head.length, "\n");
  const code = codeCorpus();
  const from = rng.int(0, code.length - c.chars);
  return `${head}+${code.slice(from, from + c.chars - head.length - 2).replaceAll("\n", " ")}\n`;
}

/** The run holding P8's diffs: a baseline (no diff) and one child per DIFF_CASES entry. */
export function diffCaseRecords(runId: string): TraceObject[] {
  const rng = mulberry32(0xd1ff);
  const base = { schema: TRACE_SCHEMA, type: "trial", runId, agentId: agentIdOf(runId, 0), status: "evaluated" };
  return [
    ...runHeader({ runId, trials: 1 + DIFF_CASES.length, seed: 0 }),
    { ...base, id: trialIdOf(runId, 1), parentIds: [], hypothesis: "Baseline", score: 3 },
    ...DIFF_CASES.map((c, k) => ({
      ...base,
      id: trialIdOf(runId, c.seq),
      parentIds: [trialIdOf(runId, 1)],
      hypothesis: `Trial ${c.seq}: a ${c.what}`,
      diff: diffOfSize(rng, c),
      score: 2.9 - k / 100,
    })),
  ];
}
