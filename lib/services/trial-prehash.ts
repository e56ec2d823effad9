// Hashing a trial for its run's chain is the costliest step of a bulk ingest: the canonical JSON of
// a 22 KB trial takes about 0.2 ms, as long as writing it. All of it but its last few bytes (prevHash
// and seq) is known before the trial's place in the chain is, so a worker thread cuts the canonical
// form of the trials ahead while this thread writes the ones before. The chain is still extended
// here, in order, from those segments (hashFromSegments): the worker only saves this thread work.
//
// The worker runs the domain's own canonicalSegments from its source text, so it needs no bundling
// and runs the same under Next.js, tsx and vitest. Waiting for it blocks (Atomics.wait), because a
// write transaction is synchronous; if the worker fails or stalls, the trial is hashed here.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { canonicalSegments } from "../domain/canonical";
import { hashFromSegments, hashTrial, TRIAL_HASH_CUT } from "../domain/hash-chain";
import type { ParsedLine } from "../domain/jsonl";
import type { TraceRecord, TrialRecord } from "../domain/trace";

/** How long to wait for the worker before hashing here and leaving the worker alone for good. */
const STALL_MS = 5_000;

type Cut = { n: number; segments: Uint8Array[] } | { n: number; error: string };

const workerSource = () => `
"use strict";
const { workerData } = require("node:worker_threads");
const __name = (f) => f; // esbuild's keepNames helper, which the function's source text may call
const canonicalSegments = ${canonicalSegments.toString()};
const { port, progress, cut } = workerData;
const encoder = new TextEncoder();
port.on("message", ({ n, record }) => {
  let reply;
  try {
    const segments = canonicalSegments(record, cut).map((s) => encoder.encode(s));
    reply = { n, segments };
    port.postMessage(reply, segments.map((s) => s.buffer));
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
      workerData: { port: port2, progress: this.progress, cut: TRIAL_HASH_CUT },
      transferList: [port2],
    });
    this.worker.unref(); // never what keeps a CLI command alive
    this.worker.on("error", () => (this.broken = true));
    this.worker.on("exit", () => (this.broken = true));
  }

  submit(record: TrialRecord): number {
    const n = this.next++;
    this.port.postMessage({ n, record });
    return n;
  }

  /** The segments of submission n, waiting for them; undefined when the worker could not cut them. */
  take(n: number): Uint8Array[] | undefined {
    for (;;) {
      const seen = Atomics.load(this.progress, 0);
      const got = receiveMessageOnPort(this.port);
      if (got) {
        const cut = got.message as Cut;
        if (cut.n < n) continue; // left over from a batch that stopped early
        if (cut.n > n) return undefined;
        return "segments" in cut ? cut.segments : undefined;
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

const isHashed = (r: TraceRecord): r is TrialRecord => r.type === "trial" && r.status === "evaluated";
const charsOf = (r: TrialRecord) => (r.diff?.length ?? 0) + (r.log?.length ?? 0) + r.hypothesis.length;

/**
 * The trials of one write transaction: `lines` passes through unchanged, while the evaluated trials
 * up to AHEAD_LINES ahead of the one being written are cut by the worker; `hash` then hashes one at
 * its place in the chain. A trial never sent, or one the worker could not cut, is hashed here: the
 * hash is the same either way.
 */
export class TrialPrehash {
  private readonly pending = new WeakMap<TraceRecord, number>();
  private worker: PrehashWorker | undefined;
  /** how many trials were hashed from the worker's segments (the rest were hashed here) */
  cutByWorker = 0;

  /**
   * @param prepare the trial as it will be hashed (its log cut, for one); undefined when it will not
   * be stored as it is, so it is not sent
   */
  constructor(private readonly prepare: (r: TrialRecord) => TrialRecord | undefined) {}

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
        if (isHashed(next.value.record)) chars += charsOf(next.value.record);
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
      if (isHashed(line.record)) chars -= charsOf(line.record);
      while (window.length < AHEAD_LINES && chars < AHEAD_CHARS && pull()) this.send(window[window.length - 1].record);
      yield line;
    }
    if (failure) throw failure.error;
  }

  private send(r: TraceRecord): void {
    if (!this.worker || this.worker.broken || !isHashed(r)) return;
    const prepared = this.prepare(r);
    if (prepared) this.pending.set(r, this.worker.submit(prepared));
  }

  /** The hash of `t`: the trial `line` as prepared, at its place in the chain (its seq and prevHash set). */
  hash(line: TraceRecord, t: TrialRecord): string {
    const n = this.pending.get(line);
    if (n === undefined || !this.worker) return hashTrial(t);
    this.pending.delete(line);
    const segments = this.worker.take(n);
    if (!segments) return hashTrial(t);
    this.cutByWorker++;
    return hashFromSegments(segments, t.prevHash!, t.seq!);
  }
}
