// Per-run running figures (counts, best, baseline, chain head) for the runs a write transaction
// touches: loaded once, updated per trial, saved once at the end of the transaction.
import type { Db } from "../../db/client";
import { findAgentRunId, findTrialRef, isStartedRun, type TrialRef } from "../../db/ingest-lookups";
import { getRunStats, getTaskRow, getRunRow } from "../../db/read-queries";
import { saveRunStats, type RunStatsRow } from "../../db/write-queries";
import { GENESIS_HASH } from "../domain/hash-chain";
import { isKeep, isNewBest } from "../domain/keeps";
import type { MetricDirection, TrialRecord } from "../domain/trace";

/** Enough to find a batch's parents among the trials it stored last, bounded for a stream of millions. */
const REMEMBERED_REFS = 10_000;

export type RunState = { stats: RunStatsRow; direction: MetricDirection };

export class RunLedger {
  private readonly runs = new Map<string, RunState>();
  private readonly driven = new Map<string, boolean>();
  /** trial references looked up or stored in this transaction (null: looked up, absent), the latest few thousand */
  private readonly trialRefs = new Map<string, TrialRef | null>();
  private readonly agentRuns = new Map<string, string | null>();

  constructor(
    private readonly db: Db,
    private readonly now: string,
  ) {}

  /** The run's state, or undefined when the run does not exist. */
  get(runId: string): RunState | undefined {
    let state = this.runs.get(runId);
    if (!state) {
      const run = getRunRow(this.db, runId);
      const stats = getRunStats(this.db, runId);
      if (!run || !stats) return undefined;
      const task = getTaskRow(this.db, run.taskId)!;
      state = { stats: { ...stats, failures: { ...stats.failures } }, direction: task.metricDirection };
      this.runs.set(runId, state);
    }
    return state;
  }

  /** Whether Lineage's runner drives the run (asked once per run: a write transaction never starts one). */
  runnerDrives(runId: string): boolean {
    let d = this.driven.get(runId);
    if (d === undefined) this.driven.set(runId, (d = isStartedRun(this.db, runId)));
    return d;
  }

  /**
   * A trial's reference as the transaction sees it. An ingested trial's own id, parents and context
   * refs are looked up several times, and its parents are most often trials just stored.
   */
  trialRef(id: string): TrialRef | undefined {
    let ref = this.trialRefs.get(id);
    if (ref === undefined) this.rememberRef(id, (ref = findTrialRef(this.db, id) ?? null));
    return ref ?? undefined;
  }

  /** The run an agent belongs to, or undefined when there is no such agent. */
  agentRunId(agentId: string): string | undefined {
    let runId = this.agentRuns.get(agentId);
    if (runId === undefined) this.agentRuns.set(agentId, (runId = findAgentRunId(this.db, agentId) ?? null));
    return runId ?? undefined;
  }

  private rememberRef(id: string, ref: TrialRef | null): void {
    this.trialRefs.delete(id);
    this.trialRefs.set(id, ref);
    if (this.trialRefs.size > REMEMBERED_REFS) this.trialRefs.delete(this.trialRefs.keys().next().value!);
  }

  chainHead(state: RunState): string {
    return state.stats.chainHead ?? GENESIS_HASH;
  }

  /** Would this evaluated trial be a new best of its run? */
  beatsBest(state: RunState, t: TrialRecord): boolean {
    return isNewBest(t, state.stats.bestScore, state.direction);
  }

  /** Counts a trial in; `isNew` is false when it completes a trial recorded before its outcome. */
  record(state: RunState, t: TrialRecord, isBest: boolean, isNew: boolean): void {
    this.rememberRef(t.id, { id: t.id, runId: t.runId, seq: t.seq!, status: t.status, score: t.score ?? null });
    const s = state.stats;
    if (isNew) s.trialCount++;
    s.lastSeq = Math.max(s.lastSeq, t.seq!);
    s.lastActivityAt = this.now;
    if (t.status !== "evaluated") return;
    s.evaluatedCount++;
    if (isKeep(t)) s.keptCount++;
    if (t.failure) s.failures[t.failure] = (s.failures[t.failure] ?? 0) + 1;
    if (isBest) {
      s.bestScore = t.score!;
      s.bestTrialId = t.id;
    }
    if (!s.baselineTrialId && t.parentIds.length === 0 && !t.failure && t.score != null) {
      s.baselineTrialId = t.id;
      s.baselineScore = t.score;
    }
    s.chainSeq = t.seq!;
    s.chainHead = t.hash!;
  }

  save(): void {
    for (const { stats } of this.runs.values()) saveRunStats(this.db, stats);
  }
}
