// A run broken down: per agent (trials, new bests, failures, best score, share of the improvement,
// how its predictions matched its measurements), failure labels per window of trials, time spent.
import type { Db } from "../../db/client";
import { agentAggregates, agentFailureCounts, failureWindows, newBestRows, runTimes } from "../../db/agent-queries";
import { agentsOfRun, getRunRow, getRunStats, getTaskRow } from "../../db/read-queries";
import { LineageError } from "../domain/errors";
import { improvementShares } from "../domain/frontier";

/** About this many windows on the failure chart, whatever the run's length. */
const WINDOWS = 40;

function agentTable(db: Db, runId: string, minimize: boolean) {
  const names = new Map(agentsOfRun(db, runId).map((a) => [a.id as string | null, a.name]));
  const failures = new Map<string | null, Record<string, number>>();
  for (const f of agentFailureCounts(db, runId)) {
    const byLabel = failures.get(f.agentId) ?? {};
    byLabel[f.failure] = f.n;
    failures.set(f.agentId, byLabel);
  }
  const shares = improvementShares(newBestRows(db, runId));
  const aggregates = new Map(agentAggregates(db, runId).map((a) => [a.agentId, a]));
  // Agents without trials are listed too; trials without an agent get a row of their own.
  const ids = [...new Set([...names.keys(), ...aggregates.keys()])];
  return ids.map((agentId) => {
    const a = aggregates.get(agentId);
    return {
      agentId,
      name: agentId === null ? null : (names.get(agentId) ?? agentId),
      trials: a?.trials ?? 0,
      evaluated: a?.evaluated ?? 0,
      newBests: a?.newBests ?? 0,
      kept: a?.kept ?? 0,
      failures: failures.get(agentId) ?? {},
      bestScore: (minimize ? a?.minScore : a?.maxScore) ?? null,
      improvementShare: shares.get(agentId) ?? (shares.size ? 0 : null),
      predictions: a && a.predicted > 0 ? { count: a.predicted, signAgreement: a.signAgreed / a.predicted, meanAbsError: a.meanAbsError! } : null,
    };
  });
}

function windowsOf(db: Db, runId: string, lastSeq: number) {
  const size = Math.max(1, Math.ceil(lastSeq / WINDOWS));
  const windows: { from: number; to: number; evaluated: number; failures: Record<string, number> }[] = [];
  for (const r of failureWindows(db, runId, size)) {
    let w = windows[windows.length - 1];
    if (!w || w.from !== r.w * size + 1) {
      w = { from: r.w * size + 1, to: Math.min((r.w + 1) * size, lastSeq), evaluated: 0, failures: {} };
      windows.push(w);
    }
    w.evaluated += r.n;
    if (r.failure) w.failures[r.failure] = r.n;
  }
  return { size, windows };
}

// Trials are append-only, so a run's breakdown stays valid until its counts or chain head move;
// the aggregates scan every trial of the run, so repeated views reuse them.
const cache = new Map<string, { key: string; value: ReturnType<typeof computeBreakdown> }>();
const CACHE_RUNS = 16;

export function getRunBreakdown(db: Db, runId: string) {
  const run = getRunRow(db, runId);
  if (!run) throw new LineageError("not_found", `run ${JSON.stringify(runId)} does not exist`);
  const stats = getRunStats(db, runId)!;
  const key = `${stats.trialCount}:${stats.evaluatedCount}:${stats.lastSeq}:${stats.chainHead}`;
  const hit = cache.get(runId);
  if (hit?.key === key) return hit.value;
  const value = computeBreakdown(db, runId, getTaskRow(db, run.taskId)!.metricDirection === "minimize", stats.lastSeq);
  cache.delete(runId);
  cache.set(runId, { key, value });
  if (cache.size > CACHE_RUNS) cache.delete(cache.keys().next().value!);
  return value;
}

function computeBreakdown(db: Db, runId: string, minimize: boolean, lastSeq: number) {
  const times = runTimes(db, runId);
  const span = times.firstAt && times.lastAt ? (Date.parse(times.lastAt) - Date.parse(times.firstAt)) / 1000 : NaN;
  return {
    runId,
    agents: agentTable(db, runId, minimize),
    failureWindows: windowsOf(db, runId, lastSeq),
    time: { computeSeconds: times.computeSeconds, queueSeconds: times.queueSeconds, elapsedSeconds: Number.isFinite(span) ? span : null },
  };
}
export type RunBreakdown = ReturnType<typeof getRunBreakdown>;
export type AgentStats = RunBreakdown["agents"][number];
