// P9: reads (trial list pages and trial details) while a separate process writes 200 trials/s
// through the store code into the same database file, against the same reads on an idle database.
// Idle and loaded phases alternate over several rounds and replay the same requests.
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { MIGRATIONS_FOLDER, REPO_ROOT } from "./paths";
import { fmt, verdict, type Figure } from "./figure";
import { request } from "./http";
import type { WriterMessage, WriterReport } from "./p9-writer";
import { mulberry32 } from "./prng";
import { round, summarize } from "./stats";
import { listAndDetailReads } from "./workload";

const RATE = 200;

type Stopped = Extract<WriterReport, { type: "stopped" }>;

function nextReport<T extends WriterReport["type"]>(child: ChildProcess, type: T): Promise<Extract<WriterReport, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: WriterReport) => {
      if (m.type !== type) return;
      child.off("exit", onExit);
      child.off("message", onMessage);
      resolve(m as Extract<WriterReport, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`the writer process exited (${code}) before reporting "${type}"`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

async function readAll(base: string, paths: string[], ms: number[], statuses: Record<number, number>): Promise<void> {
  for (const path of paths) {
    const r = await request(base, path);
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    ms.push(r.ms);
  }
}

export async function measureP9(opts: { base: string; dbPath: string; runId: string; trials: number; rounds: number; readsPerRound: number }): Promise<Figure> {
  const pick = await listAndDetailReads(opts.base, opts.runId, opts.trials);
  const writer = fork(join(REPO_ROOT, "bench", "p9-writer.ts"), [opts.dbPath, MIGRATIONS_FOLDER, "bench-p9-writer"], {
    cwd: REPO_ROOT,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const tell = (m: WriterMessage) => writer.send(m);
  const idle: number[] = [];
  const loaded: number[] = [];
  const idleStatuses: Record<number, number> = {};
  const loadedStatuses: Record<number, number> = {};
  const writes: Stopped[] = [];
  try {
    await nextReport(writer, "ready");
    const rng = mulberry32(9);
    for (let k = 0; k < opts.rounds; k++) {
      const paths = Array.from({ length: opts.readsPerRound }, () => pick(rng));
      await readAll(opts.base, paths, idle, idleStatuses);
      tell({ cmd: "start", rate: RATE });
      await sleep(250); // the writer is in its stride before the reads start
      await readAll(opts.base, paths, loaded, loadedStatuses);
      const stopped = nextReport(writer, "stopped");
      tell({ cmd: "stop" });
      writes.push(await stopped);
    }
    const exited = new Promise((resolve) => writer.once("exit", resolve));
    tell({ cmd: "exit" });
    await exited;
  } finally {
    if (writer.exitCode === null && writer.signalCode === null) writer.kill("SIGKILL");
  }

  const i = summarize(idle);
  const l = summarize(loaded);
  const written = writes.reduce((a, w) => a + w.written, 0);
  const seconds = writes.reduce((a, w) => a + w.seconds, 0);
  const writerBusy = writes.reduce((a, w) => a + w.busy, 0);
  const writerErrors = writes.reduce((a, w) => a + w.errors, 0);
  const busyReads = (idleStatuses[503] ?? 0) + (loadedStatuses[503] ?? 0);
  const failedReads = [idleStatuses, loadedStatuses].reduce(
    (a, s) =>
      a +
      Object.entries(s)
        .filter(([c]) => c !== "200")
        .reduce((b, [, n]) => b + n, 0),
    0,
  );
  const ratio = l.p95 / i.p95;
  const achievedRate = written / seconds;
  const met = ratio <= 2 && busyReads === 0 && failedReads === 0 && writerBusy === 0 && writerErrors === 0;
  const rateNote = achievedRate < RATE * 0.9 ? ` [the writer reached only ${fmt(achievedRate)} trials/s]` : "";
  return {
    id: "P9",
    what: `reads (list pages, trial details) while another process writes ${RATE} trials/s`,
    value: l.p95,
    baseline: i.p95,
    unit: "ms",
    goal: "p95 <= 2x the idle p95; no busy (503) error",
    met,
    line:
      `P9 reads under ${RATE} writes/s: p95 ${l.p95.toFixed(2)} ms vs idle ${i.p95.toFixed(2)} ms = ${ratio.toFixed(2)}x (p50 ${l.median.toFixed(2)} vs ${i.median.toFixed(2)}), ` +
      `${busyReads} busy reads, ${writerBusy} busy writes, ${written} trials written at ${fmt(achievedRate)}/s (goal <= 2x, 0 busy) ${verdict(met)}${rateNote}`,
    details: {
      ratio: round(ratio),
      loadedMs: l,
      idleMs: i,
      busyReads,
      nonOkReads: failedReads,
      idleStatuses,
      loadedStatuses,
      writer: {
        written,
        seconds: round(seconds, 2),
        ratePerSec: round(achievedRate, 1),
        busy: writerBusy,
        errors: writerErrors,
        lastError: writes.find((w) => w.lastError)?.lastError,
      },
      rounds: opts.rounds,
      readsPerRound: opts.readsPerRound,
    },
  };
}
