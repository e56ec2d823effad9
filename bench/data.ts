// Fixed-seed benchmark data as lineage-trace/1 records (BENCHMARKS.md): hypotheses of 0.5–2 KB,
// diffs averaging 8 KB with 1% of 200 KB–2 MB, failures and scores, and a branching lineage with
// one long chain and one trial with many children (5,000 deep and 10,000 children at 100k trials).
// Records are produced lazily, so a 2 GB run never sits in memory at once.
import { FAILURE_LABELS } from "../lib/domain/failures";
import { TRACE_SCHEMA } from "../lib/domain/trace";
import { mulberry32, type Rng } from "./prng";

export type RunSpec = { runId: string; trials: number; seed: number };
export type TraceObject = Record<string, unknown>;

const WORDS = (
  "the a of to and in learning rate warmup schedule cosine decay batch size optimizer adam momentum weight " +
  "norm layer attention head residual dropout token embedding loss validation improves reduces because we " +
  "expect that this change should lower bits per byte if gradient clipping stabilises early steps larger " +
  "smaller wider deeper shared tied parameters mixture experts rotary position kernel fused precision"
).split(" ");
const CODE = (
  "x = self.proj(h) return torch.cat def forward(self, x): lr = 3e-4 * scale for i in range(n_layers): " +
  "if step < warmup: h = h + attn(norm(h)) model.train() opt.zero_grad() loss.backward() import torch.nn as nn"
).split(" ");

const PROSE_CHARS = 256 * 1024;
const CODE_CHARS = 2_500_000; // more than the largest diff, so every diff is one slice

type Corpora = { prose: string; code: string };
let corpora: Corpora | undefined;

/** Two texts built once from a fixed seed; hypotheses and diffs are slices of them. */
function getCorpora(): Corpora {
  if (corpora) return corpora;
  const rng = mulberry32(0x11ea9e);
  const words: string[] = [];
  let n = 0;
  while (n < PROSE_CHARS) {
    const w = rng.pick(WORDS);
    words.push(w);
    n += w.length + 1;
  }
  const lines: string[] = [];
  n = 0;
  while (n < CODE_CHARS) {
    const parts = [rng.pick(["+", "-", " ", " "]), "    ".repeat(rng.int(0, 3))];
    for (let k = rng.int(3, 10); k > 0; k--) parts.push(rng.pick(CODE), " ");
    const line = parts.join("");
    lines.push(line);
    n += line.length + 1;
  }
  corpora = { prose: words.join(" "), code: lines.join("\n") + "\n" };
  return corpora;
}

/** The generated code text diffs are cut from. */
export const codeCorpus = () => getCorpora().code;

/** About `length` characters of `text`, starting and ending just after a `boundary` character. */
export function sliceOf(text: string, rng: Rng, length: number, boundary: string): string {
  const from = text.indexOf(boundary, rng.int(0, text.length - length - 1)) + 1;
  const to = text.lastIndexOf(boundary, from + length);
  return text.slice(from, to > from ? to + 1 : from + length);
}

function diffOf(rng: Rng, seq: number): string {
  const size = rng.chance(0.01) ? rng.int(200_000, 2_000_000) : rng.int(2_000, 14_000);
  const file = `src/module_${seq % 97}.py`;
  const line = rng.int(1, 2000);
  const head = `diff --git a/${file} b/${file}\n--- a/${file}\n+++ b/${file}\n@@ -${line},40 +${line},42 @@\n`;
  return head + sliceOf(getCorpora().code, rng, size - head.length, "\n");
}

const taskIdOf = (runId: string) => `${runId}-task`;
export const trialIdOf = (runId: string, seq: number) => `${runId}-t${seq}`;
export const agentIdOf = (runId: string, k: number) => `${runId}-a${k}`;
const AGENTS = ["optimizer", "architecture", "data"];

/** Where the lineage's special shapes sit in a run of `trials` trials (scaled down for small runs). */
export function lineageShape(trials: number) {
  const chainDepth = Math.min(5000, Math.floor(trials / 20));
  const fanout = Math.min(10_000, Math.floor(trials / 10));
  return {
    root: 1,
    /** the trial with `fanout` children: trials 5, 15, 25, … */
    hub: 2,
    fanout,
    /** trials 3, 23, 43, …: each the child of the one before, `chainDepth` of them */
    chainDepth,
    chainTip: chainDepth > 0 ? 3 + 20 * (chainDepth - 1) : 1,
  };
}

export function runHeader(spec: RunSpec): TraceObject[] {
  const { runId } = spec;
  const base = { schema: TRACE_SCHEMA };
  return [
    { ...base, type: "task", id: taskIdOf(runId), name: `Bench task ${runId}`, metric: { name: "val_loss", direction: "minimize" } },
    { ...base, type: "run", id: runId, taskId: taskIdOf(runId), name: `Bench run ${runId}` },
    ...AGENTS.map((name, k) => ({ ...base, type: "agent", id: agentIdOf(runId, k), runId, name, surface: name })),
  ];
}

/** The run's trials in seq order; every parent and context reference points to an earlier trial. */
export function* runTrials(spec: RunSpec): Generator<TraceObject> {
  const { runId, trials: n } = spec;
  const rng = mulberry32(spec.seed);
  const shape = lineageShape(n);
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  let prevChain = shape.root;
  // A random earlier trial, mostly a recent one, never the hub (its children are counted exactly).
  const earlier = (i: number) => {
    const j = i - 1 - Math.floor(rng.next() ** 2 * (i - 1));
    return j === shape.hub ? shape.root : Math.max(1, j);
  };
  for (let i = 1; i <= n; i++) {
    let parents: number[];
    if (i === shape.root) parents = [];
    else if (i === shape.hub) parents = [shape.root];
    else if (i % 20 === 3 && (i - 3) / 20 < shape.chainDepth) {
      parents = [prevChain];
      prevChain = i;
    } else if (i % 10 === 5 && (i - 5) / 10 < shape.fanout) parents = [shape.hub];
    else {
      parents = [earlier(i)];
      const second = earlier(i);
      if (rng.chance(0.1) && second !== parents[0]) parents.push(second);
    }
    const contextRefs = i > 3 && rng.chance(0.3) ? [...new Set([earlier(i), earlier(i), earlier(i)].slice(0, rng.int(1, 3)))] : [];
    const failed = i > shape.hub && rng.chance(0.12);
    const failure = failed ? rng.pick(FAILURE_LABELS) : undefined;
    const score = Math.round((3 - 1.2 * Math.sqrt(i / n) + (rng.next() - 0.5) * 0.1) * 1e6) / 1e6;
    const prefix = `Trial ${i}: `;
    const started = t0 + i * 60_000;
    yield {
      schema: TRACE_SCHEMA,
      type: "trial",
      id: trialIdOf(runId, i),
      runId,
      agentId: agentIdOf(runId, i % AGENTS.length),
      parentIds: parents.map((p) => trialIdOf(runId, p)),
      contextRefs: contextRefs.map((p) => trialIdOf(runId, p)),
      hypothesis: prefix + sliceOf(getCorpora().prose, rng, rng.int(500, 2000) - prefix.length, " "),
      expectedDelta: -Math.round(rng.next() * 1e4) / 1e6,
      domain: AGENTS[i % AGENTS.length],
      ...(i === shape.root ? {} : { diff: diffOf(rng, i) }),
      status: "evaluated",
      ...(failure
        ? { failure, failureDetail: `${failure}: exit status 1 after ${rng.int(1, 600)} s`, log: sliceOf(getCorpora().code, rng, rng.int(1000, 4000), "\n") }
        : { score, metrics: { val_loss: score, train_loss: Math.round(score * 0.9e6) / 1e6 }, kept: rng.chance(0.2) }),
      wallclockSeconds: rng.int(5, 600),
      peakMemoryBytes: rng.int(1, 16) * 2 ** 28,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(started + 50_000).toISOString(),
    };
  }
}

/** Batches of `size` trials; the run's task, run and agent records lead the first batch. */
export function* traceBatches(spec: RunSpec, size = 1000): Generator<TraceObject[]> {
  let batch: TraceObject[] = runHeader(spec);
  let trials = 0;
  for (const t of runTrials(spec)) {
    batch.push(t);
    if (++trials === size) {
      yield batch;
      batch = [];
      trials = 0;
    }
  }
  if (batch.length > 0) yield batch;
}

export const toJsonl = (records: TraceObject[]) => records.map((r) => JSON.stringify(r)).join("\n") + "\n";

export const countTrials = (records: TraceObject[]) => records.filter((r) => r.type === "trial").length;
