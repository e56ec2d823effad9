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
import { isExternalAgent, type RunConfig } from "../domain/run-spec";
import type { Executor } from "../evaluator/executor";
import { executorOf } from "../evaluator/executor-of";
import { mulberry32 } from "../domain/random";
import { loadTask, type LoadedTask } from "../evaluator/task";
import { adoptTrialJob } from "../services/adopt-trial-job";
import { executeReevalJob } from "../services/reeval-job";
import { controlRun, finishRun } from "../services/run-control";
import {
  claimRun,
  failReeval,
  heartbeat,
  isReevalQueued,
  registerRunner,
  releaseRun,
  runExecutorSpec,
  runProgress,
  runsToDrive,
  takeQueuedReeval,
  unregisterRunner,
} from "../services/runner-registry";
import { claimSubmissionSlot, releaseSubmissionSlot, trialsInFlight } from "../services/submission-claims";
import type { InFlightJob } from "../services/trial-jobs";
import { createProposer, type ProposerSettings } from "./proposers";
import type { Proposer } from "./proposers/types";
import { recoverInterruptedJobs } from "./recover";
import { OWN_WORK_PREFIX, cleanUpDeadRunners } from "./recover-leftovers";
import { runTrialJob, type JobResult } from "./trial-job";

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
  /**
   * where the evaluations of local runs and re-evaluations run (and whose jobs recovery buries); the
   * local sandbox when absent. A run whose spec names another executor (slurm) gets it from its spec.
   */
  executor?: Executor;
  /** a line for a person, and for the lines that tell progress the same as data (`lineage run --json`) */
  log?: (line: string, event?: RunnerEvent) => void;
};

/** The progress a runner reports, as data; every other log line (a failure in the harness) is words only. */
export type RunnerEvent =
  | { event: "trial"; runId: string; seq: number; failure: string | null }
  | { event: "paused"; runId: string; reason: string }
  | { event: "finished"; runId: string; trials: number }
  | { event: "recovered"; runId: string; trials: number }
  | { event: "reeval"; id: string; trialId: string; status: string; error: string | null };

type Held = {
  runId: string;
  config: RunConfig;
  task: LoadedTask;
  proposers: Map<string, Proposer>;
  turn: number;
  issued: number;
  inFlight: Set<Promise<void>>;
  rand: () => number;
  /** a dead runner's interrupted trials are still being recorded: nothing is launched until they are */
  recovering: boolean;
  /** where its evaluations run: built from the run's stored spec */
  executor: Executor;
  /** aborted when someone stops the run: its trials in flight are cancelled (their jobs too) */
  stopped: AbortController;
};

/** What a trial cancelled by a stop of its run is recorded with (infra_error). */
export const STOPPED_DETAIL = "stopped: the run was stopped during the evaluation; its job was cancelled";

export class LoopRunner {
  readonly runnerId = ulid();
  private readonly held = new Map<string, Held>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private readonly workRoot: string;
  private readonly ownsWorkRoot: boolean;
  private wake: (() => void) | undefined;
  private registered = false;
  private cleanedUp = false;
  private readonly reevals = new Set<Promise<void>>();
  /** recovery work (burying a dead runner's jobs) the scheduler waits on before it launches */
  private readonly chores = new Set<Promise<void>>();

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
    await Promise.allSettled([...[...this.held.values()].flatMap((h) => [...h.inFlight]), ...this.reevals, ...this.chores]);
    for (const runId of this.held.keys()) releaseRun(this.o.db, runId, this.runnerId);
    this.held.clear();
    if (this.registered) unregisterRunner(this.o.db, this.runnerId);
    if (this.ownsWorkRoot) rmSync(this.workRoot, { recursive: true, force: true });
  }

  private get reevalParallel(): number {
    return this.o.reevalParallel ?? (this.o.onlyRunIds === undefined ? 2 : this.o.reevalJobIds ? 1 : 0);
  }

  /** Records this runner (so a successor can clean up after it) and cleans up after the dead ones. */
  private register(now: string): void {
    if (this.registered) return;
    const kind = this.o.onlyRunIds === undefined ? "daemon" : this.o.reevalJobIds ? "reeval" : "run";
    registerRunner(this.o.db, { id: this.runnerId, pid: process.pid, kind, workRoot: this.workRoot }, now);
    this.registered = true;
    // (cleaned up or not, the runner goes on: a folder it could not remove must not stop every run)
    const executorOfJob = (j: { runId?: string }) => executorOf(j.runId ? runExecutorSpec(this.o.db, j.runId) : undefined, this.o.executor);
    const cleanup = cleanUpDeadRunners(this.o.db, this.runnerId, this.o.log, this.o.executor, executorOfJob).finally(() => void (this.cleanedUp = true));
    this.chore(
      cleanup.then(() => undefined),
      "cleaning up after dead runners",
    );
  }

  /** Runs recovery work beside the ticks; runUntilIdle and stop wait for it. */
  private chore(work: Promise<void>, what: string): void {
    const p = work
      .catch((e) => this.o.log?.(`lineage runner: ${what} failed: ${(e as Error).message}`))
      .finally(() => {
        this.chores.delete(p);
        this.wake?.();
        if (!this.abort.signal.aborted) this.safeTick();
      });
    this.chores.add(p);
  }

  /** One scheduling step: renew leases, take over runs, launch trials up to each run's parallelism. */
  tick(): void {
    if (this.abort.signal.aborted) return;
    const { db } = this.o;
    const now = new Date().toISOString();
    this.register(now);
    heartbeat(db, this.runnerId, now);
    if (!this.cleanedUp) return; // a dead runner's jobs are buried before anything is claimed
    const candidates = this.o.onlyRunIds ?? runsToDrive(db);
    for (const runId of candidates) if (!this.held.has(runId)) this.claim(runId, now);
    for (const h of this.held.values()) this.schedule(h);
    this.scheduleReevals(now);
  }

  /** Takes queued re-evaluations, oldest first, up to the re-evaluation parallelism. */
  private scheduleReevals(now: string): void {
    const { db } = this.o;
    while (this.reevals.size < this.reevalParallel) {
      const id = takeQueuedReeval(db, this.runnerId, (jobId) => join(this.workRoot, jobId, "eval"), now, this.o.reevalJobIds);
      if (!id) return;
      const next = { id };
      const job = executeReevalJob(db, next.id, {
        workRoot: this.workRoot,
        logTailChars: this.o.logTailChars,
        signal: this.abort.signal,
        executor: this.o.executor,
      })
        .then((r) =>
          this.o.log?.(`lineage runner: re-evaluation ${r.id} of trial ${r.trialId}: ${r.status}${r.error ? ` (${r.error})` : ""}`, {
            event: "reeval",
            id: r.id,
            trialId: r.trialId,
            status: r.status,
            error: r.error ?? null,
          }),
        )
        .catch((e) => {
          this.o.log?.(`lineage runner: re-evaluation ${next.id} failed in the harness: ${(e as Error).stack ?? e}`);
          try {
            failReeval(db, next.id, `the harness failed: ${(e as Error).message}`);
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
      const busy = [...[...this.held.values()].flatMap((h) => [...h.inFlight]), ...this.reevals, ...this.chores];
      if (busy.length > 0) {
        // ticks go on while trials are in flight, so a stop of a run is seen (and its jobs cancelled) at once
        await Promise.race([...busy, new Promise((r) => setTimeout(r, this.o.pollMs ?? 500))]);
        continue;
      }
      const waiting = options.waitWhilePaused && [...this.held.keys()].some((id) => runProgress(this.o.db, id)?.status === "paused");
      // a run with external (mcp) agents is still in progress while its budget is unspent
      const external = [...this.held.values()].some((h) => h.config.agents.some(isExternalAgent) && runProgress(this.o.db, h.runId)?.status === "running");
      const unclaimed = (this.o.onlyRunIds ?? []).some((id) => !this.held.has(id) && runProgress(this.o.db, id)?.status === "running");
      const queued = (this.o.reevalJobIds ?? []).some((id) => isReevalQueued(this.o.db, id));
      if (!waiting && !unclaimed && !queued && !external) return;
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
    const claimed = claimRun(db, runId, { id: this.runnerId, pid: process.pid }, this.o.staleMs ?? 15_000, now);
    if (!claimed) return;
    const { config } = claimed;
    let task: LoadedTask;
    try {
      task = loadTask(config.taskDir);
    } catch (e) {
      controlRun(db, runId, "pause", "runner", `cannot load the task: ${(e as Error).message}`);
      releaseRun(db, runId, this.runnerId);
      return;
    }
    let executor: Executor;
    try {
      executor = executorOf(config.executor, this.o.executor);
    } catch (e) {
      controlRun(db, runId, "pause", "runner", `cannot use the ${config.executor?.kind} executor: ${(e as Error).message}`);
      releaseRun(db, runId, this.runnerId);
      return;
    }
    const proposers = new Map(config.agents.filter((a) => !isExternalAgent(a)).map((a) => [a.id, createProposer(a.proposer, this.o.proposers, task)]));
    const h: Held = {
      runId,
      config,
      task,
      proposers,
      turn: claimed.trialCount,
      issued: 0,
      inFlight: new Set(),
      rand: mulberry32(config.seed * 7919 + claimed.trialCount),
      recovering: true,
      executor,
      stopped: new AbortController(),
    };
    this.held.set(runId, h);
    this.chore(
      recoverInterruptedJobs(db, runId, this.o.logTailChars, this.runnerId, executor).then(({ interrupted, toAdopt }) => {
        if (interrupted > 0) {
          this.o.log?.(`lineage runner: run ${runId}: ${interrupted} interrupted trial(s) recorded as infra_error`, {
            event: "recovered",
            runId,
            trials: interrupted,
          });
        }
        // adopted jobs are in flight like the runner's own: they count against the run's parallelism and budget
        for (const job of toAdopt) this.adopt(h, job);
        if (toAdopt.length > 0) this.o.log?.(`lineage runner: run ${runId}: adopted ${toAdopt.length} job(s) of a dead runner`);
        h.recovering = false;
      }),
      `recovering run ${runId}`,
    );
  }

  /** Waits for (or reads) a dead runner's job that outlived it and records its trial. */
  private adopt(h: Held, job: InFlightJob): void {
    const scratch = join(this.workRoot, job.id);
    const work = adoptTrialJob(this.o.db, job, {
      executor: h.executor,
      task: h.task,
      workspace: join(scratch, "eval"),
      logTailChars: this.o.logTailChars,
      signal: AbortSignal.any([this.abort.signal, h.stopped.signal]),
    }).then((e) => ({ kind: "recorded" as const, seq: e.recorded.seq, failure: e.outcome.failure }));
    this.track(
      h,
      work.finally(() => rmSync(scratch, { recursive: true, force: true })),
    );
  }

  private schedule(h: Held): void {
    const { db } = this.o;
    if (h.recovering) return;
    const run = runProgress(db, h.runId);
    if (!run) return;
    if (run.status !== "running") {
      // finished with trials in flight: someone stopped it (the runner finishes a run only when none is); pause lets them finish
      if (run.status === "finished" && h.inFlight.size > 0 && !h.stopped.signal.aborted) h.stopped.abort(STOPPED_DETAIL);
      if (run.status !== "paused" && h.inFlight.size === 0) this.release(h);
      return;
    }
    const spent = run.trialCount + h.inFlight.size;
    if (spent >= h.config.trials) {
      // an MCP submission still being evaluated is part of the budget: the run finishes once it is recorded
      if (h.inFlight.size === 0 && trialsInFlight(db, h.runId) === 0) {
        finishRun(db, h.runId);
        this.o.log?.(`lineage runner: run ${h.runId} finished (${run.trialCount} trials)`, { event: "finished", runId: h.runId, trials: run.trialCount });
        this.release(h);
      }
      return;
    }
    // The baseline goes first, alone: every later trial builds on its code and score.
    if (!run.hasBaseline) {
      if (h.inFlight.size === 0) this.launch(h, null);
      return;
    }
    // Agents of kind mcp submit their own trials (lib/services/submit-trial.ts); the runner takes
    // turns only between the agents it proposes for, and finishes the run when the budget is spent.
    // Each launch claims its slot in the database, where MCP submissions claim theirs, so the budget
    // and parallelism hold for both together.
    const own = h.config.agents.filter((a) => !isExternalAgent(a));
    while (own.length > 0 && h.inFlight.size < h.config.parallel && run.trialCount + h.inFlight.size < h.config.trials) {
      if (!this.launch(h, own[h.turn % own.length])) return;
      h.turn++;
    }
  }

  /** Launches a trial if the run has room for it counting every process's trials in flight; false when it has none. */
  private launch(h: Held, agent: RunConfig["agents"][number] | null): boolean {
    const id = ulid();
    const slot = claimSubmissionSlot(this.o.db, { runId: h.runId, trialId: id, trials: h.config.trials, parallel: h.config.parallel });
    if (!slot.ok) return false;
    const work = runTrialJob(
      {
        db: this.o.db,
        runnerId: this.runnerId,
        workRoot: this.workRoot,
        logTailChars: this.o.logTailChars,
        signal: AbortSignal.any([this.abort.signal, h.stopped.signal]),
        executor: h.executor,
      },
      { id, runId: h.runId, task: h.task, agent, proposer: agent ? h.proposers.get(agent.id)! : null, rand: h.rand },
    );
    this.track(
      h,
      work.finally(() => releaseSubmissionSlot(this.o.db, id)),
    );
    return true;
  }

  /** Keeps a trial in flight in the run's set until it is recorded, and says what came of it. */
  private track(h: Held, work: Promise<JobResult>): void {
    const job = work
      .then((r) => {
        if (r.kind === "paused") {
          this.o.log?.(`lineage runner: run ${h.runId} paused: ${r.reason}`, { event: "paused", runId: h.runId, reason: r.reason });
          const status = runProgress(this.o.db, h.runId)?.status;
          if (status === "running") controlRun(this.o.db, h.runId, "pause", "runner", r.reason);
        } else {
          const failure = r.failure ?? null;
          this.o.log?.(`lineage runner: run ${h.runId} trial #${r.seq}${failure ? ` ${failure}` : ""}`, {
            event: "trial",
            runId: h.runId,
            seq: r.seq,
            failure,
          });
        }
      })
      .catch((e) => {
        this.o.log?.(`lineage runner: run ${h.runId}: trial failed in the harness: ${(e as Error).stack ?? e}`);
        try {
          if (runProgress(this.o.db, h.runId)?.status === "running")
            controlRun(this.o.db, h.runId, "pause", "runner", `the harness failed: ${(e as Error).message}`);
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
    releaseRun(this.o.db, h.runId, this.runnerId);
    this.held.delete(h.runId);
  }
}
