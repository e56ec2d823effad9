// A run's score curve: every evaluated trial (scored ones on the curve, failed ones on their own
// lane), downsampled on the server to at most `max` points without losing the frontier.
import type { Db } from "../../db/client";
import { evaluatedCurveRows, hypothesisHeads, type CurveRow } from "../../db/curve-queries";
import { getRunRow, getRunStats, getTaskRow } from "../../db/read-queries";
import { elapsedSeconds, evaluationSeconds } from "../domain/curve-time";
import { downsampleCurve } from "../domain/downsample";
import { LineageError } from "../domain/errors";
import { markNewBests } from "../domain/frontier";
import type { RunCurveQuery } from "../domain/api";
import type { MetricDirection } from "../domain/trace";
import type { TaskRow } from "../../db/write-queries";

/** Characters of a hypothesis in a hover card. */
const HOVER_CHARS = 140;

type Prepared = {
  key: string;
  rows: CurveRow[];
  newBest: boolean[];
  elapsed: number[] | null;
  /** evaluator seconds summed in seq order (queue waits left out) */
  evaluation: number[] | null;
  /** finished answers by point budget: downsampling 100k rows costs tens of ms, a lookup nothing */
  answers: Map<number, RunCurve>;
};

// Trials are append-only and outcomes immutable, so a run's prepared rows stay valid until its
// chain head moves. Caching them keeps repeated reads of a 100k-trial curve to O(points).
const cache = new Map<string, Prepared>();
const CACHE_RUNS = 16;

function prepare(db: Db, runId: string, key: string, direction: MetricDirection): Prepared {
  const hit = cache.get(runId);
  if (hit?.key === key) return hit;
  const rows = evaluatedCurveRows(db, runId);
  const prepared = {
    key,
    rows,
    newBest: markNewBests(rows, direction),
    elapsed: elapsedSeconds(rows),
    evaluation: evaluationSeconds(rows),
    answers: new Map(),
  };
  cache.delete(runId);
  cache.set(runId, prepared);
  if (cache.size > CACHE_RUNS) cache.delete(cache.keys().next().value!);
  return prepared;
}

export function getRunCurve(db: Db, runId: string, query: RunCurveQuery): RunCurve {
  const run = getRunRow(db, runId);
  if (!run) throw new LineageError("not_found", `run ${JSON.stringify(runId)} does not exist`);
  const task = getTaskRow(db, run.taskId)!;
  const stats = getRunStats(db, runId)!;
  const key = `${stats.evaluatedCount}:${stats.chainSeq}:${stats.chainHead}:${task.metricDirection}`; // a revised direction redraws the frontier
  const prepared = prepare(db, runId, key, task.metricDirection);
  const cached = prepared.answers.get(query.max);
  if (cached) return cached;
  const answer = buildCurve(db, prepared, runId, task, query.max);
  if (prepared.answers.size < 8) prepared.answers.set(query.max, answer);
  return answer;
}

function buildCurve(db: Db, { rows, newBest, elapsed, evaluation }: Prepared, runId: string, task: TaskRow, max: number) {
  const kept = downsampleCurve(rows, newBest, max);
  const heads = hypothesisHeads(
    db,
    kept.map((i) => rows[i].id),
    HOVER_CHARS,
  );
  const points = kept.map((i) => {
    const r = rows[i];
    return {
      id: r.id,
      seq: r.seq,
      t: elapsed ? elapsed[i] : null,
      tEval: evaluation ? evaluation[i] : null,
      agentId: r.agentId,
      score: r.score,
      failure: r.failure,
      newBest: newBest[i],
      hypothesis: heads.get(r.id) ?? "",
    };
  });
  return {
    runId,
    metric: { name: task.metricName, direction: task.metricDirection, unit: task.metricUnit },
    evaluated: rows.length,
    downsampled: kept.length < rows.length,
    hasTime: elapsed !== null,
    /** some trial ran as a cluster job and waited in its queue: wall-clock time and evaluation time differ */
    hasQueue: rows.some((r) => typeof r.queueSeconds === "number"),
    points,
  };
}
export type RunCurve = ReturnType<typeof buildCurve>;
