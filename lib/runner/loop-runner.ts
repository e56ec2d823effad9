// The scheduler. One runner process drives the runs it holds a lease on: it takes turns between a
// run's agents, keeps up to `parallel` trials in flight, stops at the trial budget or on request,
// and renews its leases so another runner can take over when it dies. It drives only runs the
// run-starting service recorded in started_runs, by the spec stored there: a run that arrived as a
// trace record is never a job. The daemon also works the re-evaluation queue, at most
// `reevalParallel` at once. It registers itself (runners) and, on its first tick, cleans up after
// every dead runner. start/stop/tick/runUntilIdle are the seam tests step it through; an
// AbortSignal reaches every long operation.
import { mkdirSync, mkdtempSync, chmodSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ulid } from "ulid";
import type { Db } from "../../db/client";
import * as read from "../../db/read-queries";
import * as q from "../../db/runner-queries";
import * as write from "../../db/write-queries";
import { controlRun, finishRun } from "../services/run-control";
import { createProposer, type ProposerSettings } from "./proposers";
import type { Proposer } from "./proposers/types";
import { processAlive, recoverInterruptedJobs } from "./recover";
import { OWN_WORK_PREFIX, cleanUpDeadRunners } from "./recover-leftovers";
import { executeReevalJob } from "../services/reeval-job";
import { RunConfig } from "../domain/run-spec";
import { loadTask, type LoadedTask } from "../evaluator/task";
import { runTrialJob } from "./trial-job";
import { mulberry32 } from "../domain/random";

export type RunnerOptions = {
  db: Db;
  logTailChars: number;
  proposers: ProposerSettings;
  /** drive only these runs (the CLI's own run); default: every running run */
  onlyRunIds?: string[];
  /** re-evaluations run at once; default 2 for the daemon (no onlyRunIds), 0 otherwise */
  reevalParallel?: number;
  /** take only these queued re-evaluations (`lineage reeval` running its own request) */
  reevalJobIds?: string[];
  workRoot?: string;
  pollMs?: number;
  /** a lease not renewed for this long may be taken over even if its pid looks alive */
  staleMs?: number;
  log?: (line: string) => void;
};

type Held = { runId: string; config: RunConfig; task: LoadedTask; proposers: Map<string, Proposer>; turn: number; issued: number; inFlight: Set<Promise<void>>; rand: () => number };

export class LoopRunner {
  readonly runnerId = ulid();
  private readonly held = new Map<string, Held>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private readonly workRoot: string;
  private readonly ownsWorkRoot: boolean;
  private wake: (() => void) | undefined;
  private registered = false;
  private readonly reevals = new Set<Promise<void>>();

  constructor(private readonly o: RunnerOptions) {
    this.ownsWorkRoot = !o.workRoot;
    this.workRoot = o.workRoot ?? mkdtempSync(join(tmpdir(), OWN_WORK_PREFIX));
    mkdirSync(this.workRoot, { recursive: true });
    chmodSync(this.workRoot, 0o711); // the sandbox's uid must reach its own workspace, list none
  }

  /** the runs this runner is limited to (the CLI adds its own run once created) */
  get onlyRunIds(): string[] {
    return (this.o.onlyRunIds ??= []);
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.safeTick(), this.o.pollMs ?? 500);
    this.safeTick();
  }

  /** Stops launching, interrupts what is in flight (recorded as infra_error), releases leases. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.abort.abort();
    await Promise.allSettled([...[...this.held.values()].flatMap((h) => [...h.inFlight]), ...this.reevals]);
    for (const runId of this.held.keys()) q.deleteLease(this.o.db, runId, this.runnerId);
    this.held.clear();
    if (this.registered) q.deleteRunner(this.o.db, this.runnerId);
    if (this.ownsWorkRoot) rmSync(this.workRoot, { recursive: true, force: true });
  }

  private get reevalParallel(): number {
    return this.o.reevalParallel ?? (this.o.onlyRunIds === undefined ? 2 : this.o.reevalJobIds ? 1 : 0);
  }

  /** Records this runner (so a successor can clean up after it) and cleans up after the dead ones. */
  private register(now: string): void {
    if (this.registered) return;
    const kind = this.o.onlyRunIds === undefined ? "daemon" : this.o.reevalJobIds ? "reeval" : "run";
    q.insertRunner(this.o.db, { id: this.runnerId, pid: process.pid, kind, workRoot: this.workRoot, startedAt: now, heartbeatAt: now });
    this.registered = true;
    cleanUpDeadRunners(this.o.db, this.runnerId, this.o.log);
  }

  /** One scheduling step: renew leases, take over runs, launch trials up to each run's parallelism. */
  tick(): void {
    if (this.abort.signal.aborted) return;
    const { db } = this.o;
    const now = new Date().toISOString();
    this.register(now);
    q.beatRunner(db, this.runnerId, now);
    q.beatLeases(db, this.runnerId, now);
    const candidates = this.o.onlyRunIds ?? q.activeRunIds(db);
    for (const runId of candidates) if (!this.held.has(runId)) this.claim(runId, now);
    for (const h of this.held.values()) this.schedule(h);
    this.scheduleReevals(now);
  }

  /** Takes queued re-evaluations, oldest first, up to the re-evaluation parallelism. */
  private scheduleReevals(now: string): void {
    const { db } = this.o;
    while (this.reevals.size < this.reevalParallel) {
      const mine = this.o.reevalJobIds;
      const next = mine ? mine.map((id) => q.getReevalJob(db, id)).find((j) => j?.status === "queued") : q.oldestQueuedReeval(db);
      if (!next) return;
      if (!q.takeReevalJob(db, next.id, this.runnerId, join(this.workRoot, next.id, "eval"), now)) continue;
      const job = executeReevalJob(db, next.id, { workRoot: this.workRoot, logTailChars: this.o.logTailChars, signal: this.abort.signal })
        .then((r) => this.o.log?.(`lineage runner: re-evaluation ${r.id} of trial ${r.trialId}: ${r.status}${r.error ? ` (${r.error})` : ""}`))
        .catch((e) => {
          this.o.log?.(`lineage runner: re-evaluation ${next.id} failed in the harness: ${(e as Error).stack ?? e}`);
          try {
            q.finishReevalJob(db, next.id, { status: "failed", error: `the harness failed: ${(e as Error).message}` }, new Date().toISOString());
          } catch {
            // the store itself is failing; a successor marks it failed when it cleans up after us
          }
        })
        .finally(() => {
          this.reevals.delete(job);
          this.wake?.();
          if (!this.abort.signal.aborted) this.safeTick();
        });
      this.reevals.add(job);
    }
  }

  /** Ticks until no held run has anything left to do now (finished, paused, or waiting on nothing). */
  async runUntilIdle(options: { waitWhilePaused?: boolean } = {}): Promise<void> {
    for (;;) {
      this.tick();
      const busy = [...[...this.held.values()].flatMap((h) => [...h.inFlight]), ...this.reevals];
      if (busy.length > 0) {
        await Promise.race(busy);
        continue;
      }
      const waiting = options.waitWhilePaused && [...this.held.keys()].some((id) => read.getRunRow(this.o.db, id)?.status === "paused");
      const unclaimed = (this.o.onlyRunIds ?? []).some((id) => !this.held.has(id) && read.getRunRow(this.o.db, id)?.status === "running");
      const queued = (this.o.reevalJobIds ?? []).some((id) => q.getReevalJob(this.o.db, id)?.status === "queued");
      if (!waiting && !unclaimed && !queued) return;
      if (this.abort.signal.aborted) return;
      await new Promise<void>((r) => {
        this.wake = r;
        setTimeout(r, this.o.pollMs ?? 500);
      });
    }
  }

  private safeTick(): void {
    try {
      this.tick();
    } catch (e) {
      this.o.log?.(`lineage runner: tick failed: ${(e as Error).message}`);
    }
  }

  private claim(runId: string, now: string): void {
    const { db } = this.o;
    const run = read.getRunRow(db, runId);
    if (!run || run.status !== "running") return;
    // The spec the run-starting service recorded, never the run record's config (a trace upload
    // can say anything there): a run without one is a record, not a job.
    const parsed = RunConfig.safeParse(q.getStartedRun(db, runId)?.spec);
    if (!parsed.success) return;
    const stale = this.o.staleMs ?? 15_000;
    const won = write.inWriteTransaction(db, () => {
      const lease = q.getLease(db, runId);
      if (lease && lease.runnerId !== this.runnerId) {
        const fresh = Date.now() - Date.parse(lease.heartbeatAt) < stale;
        if (fresh && processAlive(lease.pid)) return false;
      }
      q.upsertLease(db, { runId, runnerId: this.runnerId, pid: process.pid, heartbeatAt: now });
      return true;
    });
    if (!won) return;
    let task: LoadedTask;
    try {
      task = loadTask(parsed.data.taskDir);
    } catch (e) {
      controlRun(db, runId, "pause", "runner", `cannot load the task: ${(e as Error).message}`);
      q.deleteLease(db, runId, this.runnerId);
      return;
    }
    const recovered = recoverInterruptedJobs(db, runId, this.o.logTailChars, this.runnerId);
    if (recovered > 0) this.o.log?.(`lineage runner: run ${runId}: ${recovered} interrupted trial(s) recorded as infra_error`);
    const proposers = new Map(parsed.data.agents.map((a) => [a.id, createProposer(a.proposer, this.o.proposers)]));
    const stats = read.getRunStats(db, runId)!;
    this.held.set(runId, {
      runId,
      config: parsed.data,
      task,
      proposers,
      turn: stats.trialCount,
      issued: 0,
      inFlight: new Set(),
      rand: mulberry32(parsed.data.seed * 7919 + stats.trialCount),
    });
  }

  private schedule(h: Held): void {
    const { db } = this.o;
    const run = read.getRunRow(db, h.runId);
    const stats = read.getRunStats(db, h.runId)!;
    if (!run) return;
    if (run.status !== "running") {
      if (run.status !== "paused" && h.inFlight.size === 0) this.release(h);
      return;
    }
    const spent = stats.trialCount + h.inFlight.size;
    if (spent >= h.config.trials) {
      if (h.inFlight.size === 0) {
        finishRun(db, h.runId);
        this.o.log?.(`lineage runner: run ${h.runId} finished (${stats.trialCount} trials)`);
        this.release(h);
      }
      return;
    }
    // The baseline goes first, alone: every later trial builds on its code and score.
    const needsBaseline = stats.trialCount === 0 || (stats.baselineTrialId === null && stats.trialCount > 0 && !this.hasBaselineTrial(h));
    if (needsBaseline) {
      if (h.inFlight.size === 0) this.launch(h, null);
      return;
    }
    while (h.inFlight.size < h.config.parallel && stats.trialCount + h.inFlight.size < h.config.trials) {
      const agent = h.config.agents[h.turn++ % h.config.agents.length];
      this.launch(h, agent);
    }
  }

  private hasBaselineTrial(h: Held): boolean {
    return read.getRunStats(this.o.db, h.runId)!.baselineTrialId !== null;
  }

  private launch(h: Held, agent: RunConfig["agents"][number] | null): void {
    const job = runTrialJob(
      { db: this.o.db, runnerId: this.runnerId, workRoot: this.workRoot, logTailChars: this.o.logTailChars, signal: this.abort.signal },
      { runId: h.runId, task: h.task, agent, proposer: agent ? h.proposers.get(agent.id)! : null, rand: h.rand },
    )
      .then((r) => {
        if (r.kind === "paused") {
          this.o.log?.(`lineage runner: run ${h.runId} paused: ${r.reason}`);
          const status = read.getRunRow(this.o.db, h.runId)?.status;
          if (status === "running") controlRun(this.o.db, h.runId, "pause", "runner", r.reason);
        } else {
          this.o.log?.(`lineage runner: run ${h.runId} trial #${r.seq}${r.failure ? ` ${r.failure}` : ""}`);
        }
      })
      .catch((e) => {
        this.o.log?.(`lineage runner: run ${h.runId}: trial failed in the harness: ${(e as Error).stack ?? e}`);
        try {
          if (read.getRunRow(this.o.db, h.runId)?.status === "running") controlRun(this.o.db, h.runId, "pause", "runner", `the harness failed: ${(e as Error).message}`);
        } catch {
          // the store itself is failing; the next tick will try again
        }
      })
      .finally(() => {
        h.inFlight.delete(job);
        this.wake?.();
        if (!this.abort.signal.aborted) this.safeTick();
      });
    h.inFlight.add(job);
  }

  private release(h: Held): void {
    q.deleteLease(this.o.db, h.runId, this.runnerId);
    this.held.delete(h.runId);
  }
}
