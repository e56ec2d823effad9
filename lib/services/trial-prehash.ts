// Hashing a trial for its run's chain is the costliest step of a bulk ingest: the canonical JSON of
// a 22 KB trial takes about 0.2 ms, as long as writing it. A worker thread hashes the trials ahead
// of the one being written, each at the place in its run's chain it will most likely take: after
// the trial before it, at the next seq. At a trial's turn this thread knows its real place; when
// the worker's guess is that place (the hash covers nothing else the guess could get wrong) its
// hash is used, and otherwise the trial is hashed here. The worker only saves this thread work.
//
// The worker runs the domain's own canonicalSegments from its source text, so it needs no bundling
// and runs the same under Next.js, tsx and vitest. Waiting for it blocks (Atomics.wait), because a
// write transaction is synchronous; if the worker fails or stalls, trials are hashed here.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { canonicalSegments } from "../domain/canonical";
import { GENESIS_HASH, hashTrial, TRIAL_HASH_CUT } from "../domain/hash-chain";
import type { ParsedLine } from "../domain/jsonl";
import type { TraceRecord, TrialRecord } from "../domain/trace";

/** How long to wait for the worker before hashing here and leaving the worker alone for good. */
const STALL_MS = 5_000;

/** Where a run's chain stands when a batch starts: its head and its last seq. */
export type ChainStart = { head: string; lastSeq: number };

/** The worker's hash of a trial and the chain position it assumed. */
type Guess = { n: number; prevHash: string; seq: number; hash: string } | { n: number; error: string };

type ToWorker =
  | { n: number; record: TrialRecord; start?: ChainStart } // an evaluated trial: hash it at its likely place
  | { seqOf: { runId: string; seq?: number }; start?: ChainStart }; // a trial not evaluated yet: it takes a seq, not a chain place

const workerSource = () => `
"use strict";
const { workerData } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const __name = (f) => f; // esbuild's keepNames helper, which the function's source text may call
const canonicalSegments = ${canonicalSegments.toString()};
const { port, progress, cut, genesis } = workerData;
const chains = new Map(); // runId -> { head, lastSeq }, as the trials sent so far leave it
const chainOf = (runId, start) => {
  if (start) chains.set(runId, { ...start });
  if (!chains.has(runId)) chains.set(runId, { head: genesis, lastSeq: 0 });
  return chains.get(runId);
};
port.on("message", (m) => {
  if (m.seqOf) {
    const chain = chainOf(m.seqOf.runId, m.start);
    chain.lastSeq = Math.max(chain.lastSeq, m.seqOf.seq ?? chain.lastSeq + 1);
    return;
  }
  const { n, record } = m;
  try {
    const chain = chainOf(record.runId, m.start);
    const prevHash = record.prevHash ?? chain.head;
    const seq = record.seq ?? chain.lastSeq + 1;
    const [beforePrev, beforeSeq, rest] = canonicalSegments(record, cut);
    const hash = createHash("sha256").update(beforePrev).update(JSON.stringify(prevHash)).update(beforeSeq).update(JSON.stringify(seq)).update(rest).digest("hex");
    chain.head = hash;
    chain.lastSeq = Math.max(chain.lastSeq, seq);
    port.postMessage({ n, prevHash, seq, hash });
  } catch (e) {
    port.postMessage({ n, error: String(e && e.message) });
  }
  Atomics.add(progress, 0, 1);
  Atomics.notify(progress, 0);
});
`;

class PrehashWorker {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly progress = new Int32Array(new SharedArrayBuffer(4));
  private next = 0;
  broken = false;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(workerSource(), {
      eval: true,
      workerData: { port: port2, progress: this.progress, cut: TRIAL_HASH_CUT, genesis: GENESIS_HASH },
      transferList: [port2],
    });
    this.worker.unref(); // never what keeps a CLI command alive
    this.worker.on("error", () => (this.broken = true));
    this.worker.on("exit", () => (this.broken = true));
  }

  /** Sends an evaluated trial to be hashed (its submission number), or a trial that only takes a seq. */
  send(message: Omit<Extract<ToWorker, { n: number }>, "n"> | Extract<ToWorker, { seqOf: unknown }>): number {
    const n = this.next;
    if ("record" in message) this.next++;
    this.port.postMessage("record" in message ? { ...message, n } : message);
    return n;
  }

  /** The worker's guess for submission n, waiting for it; undefined when the worker could not hash it. */
  take(n: number): Extract<Guess, { hash: string }> | undefined {
    for (;;) {
      const seen = Atomics.load(this.progress, 0);
      const got = receiveMessageOnPort(this.port);
      if (got) {
        const guess = got.message as Guess;
        if (guess.n < n) continue; // left over from a batch that stopped early
        if (guess.n > n) return undefined;
        return "hash" in guess ? guess : undefined;
      }
      if (this.broken || Atomics.wait(this.progress, 0, seen, STALL_MS) === "timed-out") {
        this.broken = true;
        return undefined;
      }
    }
  }
}

let shared: PrehashWorker | undefined;

function worker(): PrehashWorker | undefined {
  if (!shared || shared.broken) {
    if (shared?.broken) return undefined; // one failed worker is enough: hash here from then on
    try {
      shared = new PrehashWorker();
    } catch {
      return undefined;
    }
  }
  return shared;
}

/** How far ahead of the write the worker is given trials: enough to keep it busy, bounded in memory. */
const AHEAD_LINES = 256;
const AHEAD_CHARS = 64 * 1024 * 1024;
/** Fewer evaluated trials than this in a batch are hashed here: a worker's start costs more than they do. */
const MIN_TRIALS = 8;

const isTrial = (r: TraceRecord): r is TrialRecord => r.type === "trial";
const isHashed = (r: TraceRecord): boolean => isTrial(r) && r.status === "evaluated";
/** An evaluated trial's size in characters, 0 for any other record */
const charsOf = (r: TraceRecord) => (isTrial(r) && r.status === "evaluated" ? (r.diff?.length ?? 0) + (r.log?.length ?? 0) + r.hypothesis.length : 0);

/**
 * The trials of one write transaction: `lines` passes through unchanged, while the trials up to
 * AHEAD_LINES ahead of the one being written go to the worker; `hash` then hashes one at its place
 * in the chain. A trial never sent, or one whose place the worker guessed wrong, is hashed here:
 * the hash is the same either way.
 */
export class TrialPrehash {
  private readonly pending = new WeakMap<TraceRecord, number>();
  private readonly started = new Set<string>();
  private worker: PrehashWorker | undefined;
  /** how many trials were given the worker's hash (the rest were hashed here) */
  hashedByWorker = 0;

  /**
   * @param prepare the trial as it will be hashed (its log cut, for one); undefined when it will not
   * be stored, so it is not sent
   * @param chainStart where a run's chain stands before this transaction writes to it
   */
  constructor(
    private readonly prepare: (r: TrialRecord) => TrialRecord | undefined,
    private readonly chainStart: (runId: string) => ChainStart | undefined,
  ) {}

  *lines(source: Iterable<ParsedLine>): Generator<ParsedLine> {
    const it = source[Symbol.iterator]();
    const window: ParsedLine[] = [];
    let failure: { error: unknown } | undefined; // a line that failed to parse fails at its turn, not before
    let chars = 0;
    const pull = () => {
      if (failure) return false;
      try {
        const next = it.next();
        if (next.done) return false;
        window.push(next.value);
        chars += charsOf(next.value.record);
        return true;
      } catch (error) {
        failure = { error };
        return false;
      }
    };
    while (window.length < AHEAD_LINES && chars < AHEAD_CHARS && pull());
    if (window.filter((l) => isHashed(l.record)).length >= MIN_TRIALS) this.worker = worker();
    window.forEach((l) => this.send(l.record));
    while (window.length > 0) {
      const line = window.shift()!;
      chars -= charsOf(line.record);
      while (window.length < AHEAD_LINES && chars < AHEAD_CHARS && pull()) this.send(window[window.length - 1].record);
      yield line;
    }
    if (failure) throw failure.error;
  }

  private send(r: TraceRecord): void {
    if (!this.worker || this.worker.broken || !isTrial(r)) return;
    // Sent ahead, a run's first trial in the batch sees its chain as it stood before the batch.
    let start: ChainStart | undefined;
    if (!this.started.has(r.runId)) {
      this.started.add(r.runId);
      start = this.chainStart(r.runId) ?? { head: GENESIS_HASH, lastSeq: 0 };
    }
    if (!isHashed(r)) {
      this.worker.send({ seqOf: { runId: r.runId, seq: r.seq }, start });
      return;
    }
    const prepared = this.prepare(r);
    if (prepared) this.pending.set(r, this.worker.send({ record: prepared, start }));
  }

  /** The hash of `t`: the trial `line` as prepared, at its place in the chain (its seq and prevHash set). */
  hash(line: TraceRecord, t: TrialRecord): string {
    const n = this.pending.get(line);
    if (n === undefined || !this.worker) return hashTrial(t);
    this.pending.delete(line);
    const guess = this.worker.take(n);
    if (!guess || guess.prevHash !== t.prevHash || guess.seq !== t.seq) return hashTrial(t);
    this.hashedByWorker++;
    return guess.hash;
  }
}
