// P1's baseline: the same rows written with plain better-sqlite3 prepared INSERTs into the same
// tables (a database made by the same migrations), one IMMEDIATE transaction per batch, and none of
// the store's checks, hashing or bookkeeping beyond one run_stats update per batch, as the store does.
import type Database from "better-sqlite3";
import type { TraceRecord } from "../lib/domain/trace";

type Row = unknown[];
type RawBatch = { tasks: Row[]; runs: Row[]; agents: Row[]; trials: Row[]; parents: Row[]; contextRefs: Row[]; stats: Row[] };

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
const q = (n: number) => Array(n).fill("?").join(", ");

/** Turns validated records into the column values the store would write (seq counted per run). */
export class RawRows {
  private readonly seqs = new Map<string, { seq: number; best: number | null; count: number }>();

  batch(records: TraceRecord[], receivedAt: string): RawBatch {
    const b: RawBatch = { tasks: [], runs: [], agents: [], trials: [], parents: [], contextRefs: [], stats: [] };
    const touched = new Set<string>();
    for (const r of records) {
      if (r.type === "task") {
        b.tasks.push([r.id, r.name, r.description ?? null, r.metric.name, r.metric.direction, r.metric.unit ?? null, null, null, "{}", receivedAt]);
      } else if (r.type === "run") {
        b.runs.push([r.id, r.taskId, r.name, r.kind, r.feedback, r.status, null, null, null, receivedAt]);
        this.seqs.set(r.id, { seq: 0, best: null, count: 0 });
      } else if (r.type === "agent") {
        b.agents.push([r.id, r.runId, r.name, r.surface ?? null, null, receivedAt]);
      } else if (r.type === "trial") {
        const s = this.seqs.get(r.runId)!;
        touched.add(r.runId);
        const seq = ++s.seq;
        s.count++;
        const isBest = r.score != null && (s.best === null || r.score < s.best);
        if (isBest) s.best = r.score!;
        const hash = seq.toString(16).padStart(64, "0");
        b.trials.push([
          r.id,
          r.runId,
          seq,
          r.agentId ?? null,
          r.hypothesis,
          r.expectedDelta ?? null,
          r.domain ?? null,
          r.diff ?? null,
          r.status,
          r.score ?? null,
          json(r.metrics),
          r.failure ?? null,
          r.failureDetail ?? null,
          r.wallclockSeconds ?? null,
          r.artifactBytes ?? null,
          r.peakMemoryBytes ?? null,
          r.log ?? null,
          r.context ?? null,
          r.feedback ?? null,
          r.kept === undefined ? null : r.kept ? 1 : 0,
          r.startedAt ?? null,
          r.finishedAt ?? null,
          json(r.extra),
          isBest ? 1 : 0,
          hash,
          hash,
          receivedAt,
        ]);
        r.parentIds.forEach((p, i) => b.parents.push([r.id, i, p]));
        r.contextRefs.forEach((c, i) => b.contextRefs.push([r.id, i, c]));
      }
    }
    for (const runId of touched) b.stats.push([this.seqs.get(runId)!.count, this.seqs.get(runId)!.seq, runId]);
    return b;
  }
}

export function rawInserter(sqlite: Database.Database) {
  const s = {
    task: sqlite.prepare(
      `INSERT INTO tasks (id, name, description, metric_name, metric_direction, metric_unit, baseline_score, noise_floor, spec, received_at) VALUES (${q(10)})`,
    ),
    run: sqlite.prepare(`INSERT INTO runs (id, task_id, name, kind, feedback, status, started_at, finished_at, config, received_at) VALUES (${q(10)})`),
    runStats: sqlite.prepare(`INSERT INTO run_stats (run_id) VALUES (?)`),
    agent: sqlite.prepare(`INSERT INTO agents (id, run_id, name, surface, proposer, received_at) VALUES (${q(6)})`),
    trial: sqlite.prepare(
      `INSERT INTO trials (id, run_id, seq, agent_id, hypothesis, expected_delta, domain, diff, status, score, metrics, failure,
        failure_detail, wallclock_seconds, artifact_bytes, peak_memory_bytes, log, context, feedback, kept, started_at,
        finished_at, extra, is_best, prev_hash, hash, received_at) VALUES (${q(27)})`,
    ),
    parent: sqlite.prepare(`INSERT INTO trial_parents (trial_id, position, parent_id) VALUES (?, ?, ?)`),
    contextRef: sqlite.prepare(`INSERT INTO trial_context_refs (trial_id, position, ref_id) VALUES (?, ?, ?)`),
    stats: sqlite.prepare(`UPDATE run_stats SET trial_count = ?, last_seq = ? WHERE run_id = ?`),
  };
  const write = sqlite.transaction((b: RawBatch) => {
    for (const r of b.tasks) s.task.run(r);
    for (const r of b.runs) {
      s.run.run(r);
      s.runStats.run(r[0]);
    }
    for (const r of b.agents) s.agent.run(r);
    for (const r of b.trials) s.trial.run(r);
    for (const r of b.parents) s.parent.run(r);
    for (const r of b.contextRefs) s.contextRef.run(r);
    for (const r of b.stats) s.stats.run(r);
  });
  return (b: RawBatch) => write.immediate(b);
}
