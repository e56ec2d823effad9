// Runs the loop runner drives: created from a task (task, run and agents go in through ingestion,
// so they are ordinary trace records), then paused, resumed or stopped, each with an event.
import { ulid } from "ulid";
import type { Db } from "../../db/client";
import * as read from "../../db/read-queries";
import * as q from "../../db/runner-queries";
import * as write from "../../db/write-queries";
import { runStateWord } from "../domain/run-state";
import { LineageError } from "../domain/errors";
import { TRACE_SCHEMA, type TraceRecord } from "../domain/trace";
import { parseOrThrow } from "../domain/parse-input";
import { ExecutorSpec, StartRunInput, resolveExecutorSpec, type RunAction, type RunConfig } from "../domain/run-spec";
import { env } from "../env";
import { checkSharedDir } from "../evaluator/slurm/shared-dir";
import type { LoadedTask } from "../evaluator/task";
import { ingestTrace } from "./ingest-trace";

export type CreatedRun = { runId: string; agents: RunConfig["agents"] };

/** Agents of a run: as given, or one builtin:mutate per surface of the task (one for the whole recipe if it has none). */
function resolveAgents(task: LoadedTask, input: StartRunInput): RunConfig["agents"] {
  const surfaces = task.manifest.surfaces ?? [];
  const given: { name?: string; surface?: string; proposer?: string }[] =
    input.agents && input.agents.length > 0
      ? input.agents
      : surfaces.length > 0
        ? surfaces.map((s) => ({ surface: s.name, proposer: "builtin:mutate" }))
        : [{ proposer: "builtin:mutate" }];
  const expanded = given.flatMap((a) => (a.surface || surfaces.length === 0 || given.length > 1 ? [a] : surfaces.map((s) => ({ ...a, surface: s.name }))));
  return expanded.map((a, i) => {
    if (a.surface && !surfaces.some((s) => s.name === a.surface)) {
      throw new LineageError(
        "invalid_input",
        `agents[${i}].surface: the task has no surface ${JSON.stringify(a.surface)} (it has ${surfaces.map((s) => s.name).join(", ") || "none"})`,
        { path: ["agents", String(i), "surface"] },
      );
    }
    return { id: ulid(), name: a.name ?? a.surface ?? `agent-${i + 1}`, surface: a.surface, proposer: a.proposer ?? "builtin:mutate" };
  });
}

/**
 * The run's executor: its own settings over the task's defaults (task.json `executor`), checked,
 * naming the field; a slurm run is refused at once when its shared folder is not usable.
 */
function runExecutor(task: LoadedTask, input: StartRunInput): ExecutorSpec {
  const spec = parseOrThrow(ExecutorSpec, resolveExecutorSpec(task.manifest.executor, input.executor), "executor");
  if (spec.kind === "slurm") {
    try {
      checkSharedDir(env().LINEAGE_SHARED_DIR);
    } catch (e) {
      throw new LineageError("invalid_input", `executor: a slurm run cannot start: ${(e as Error).message}`, { path: ["executor"] });
    }
  }
  return spec;
}

/**
 * The run-starting service: the only way a run becomes a job a runner will drive (origin: cli or api).
 * `actor`: who started it (the signed-in user or token's user from the dashboard), recorded on run.started. */
export function createRun(
  db: Db,
  task: LoadedTask,
  rawInput: StartRunInput,
  lease?: { runnerId: string; pid: number },
  actor = "runner",
  origin: "cli" | "api" = "cli",
): CreatedRun {
  const input = parseOrThrow(StartRunInput, rawInput, "run");
  const agents = resolveAgents(task, input);
  const executor = runExecutor(task, input);
  const runId = ulid();
  const now = new Date().toISOString();
  const config: RunConfig = { taskDir: task.dir, trials: input.trials, parallel: input.parallel, seed: input.seed, agents, executor };
  const records: TraceRecord[] = [
    task.record,
    {
      schema: TRACE_SCHEMA,
      type: "run",
      id: runId,
      taskId: task.record.id,
      name: input.name ?? `${task.record.id} · ${input.feedback} · ${now.slice(0, 16).replace("T", " ")}`,
      kind: input.kind,
      feedback: input.feedback,
      status: "running",
      startedAt: now,
      config,
    },
    ...agents.map((a) => ({
      schema: TRACE_SCHEMA as typeof TRACE_SCHEMA,
      type: "agent" as const,
      id: a.id,
      runId,
      name: a.name,
      surface: a.surface,
      proposer: a.proposer,
    })),
    {
      schema: TRACE_SCHEMA,
      type: "event",
      id: ulid(),
      runId,
      action: "run.started",
      actor,
      at: now,
      detail: { trials: input.trials, parallel: input.parallel, feedback: input.feedback, ...(executor.kind !== "local" ? { executor: executor.kind } : {}) },
    },
  ];
  // One transaction: a run is never visible without its agents, nor without its lease when the
  // caller drives it itself (so no other runner picks it up first).
  write.inWriteTransaction(db, () => {
    ingestTrace(
      db,
      records.map((record, i) => ({ line: i + 1, record })),
      { logTailChars: 1 },
    );
    q.insertStartedRun(db, { runId, spec: config, origin, createdAt: now });
    if (lease) q.upsertLease(db, { runId, runnerId: lease.runnerId, pid: lease.pid, heartbeatAt: now });
  });
  return { runId, agents };
}

const TRANSITIONS: Record<RunAction, { from: string[]; to: string }> = {
  pause: { from: ["running", "queued"], to: "paused" },
  resume: { from: ["paused"], to: "running" },
  stop: { from: ["running", "queued", "paused"], to: "finished" },
};

export function controlRun(db: Db, runId: string, action: RunAction, actor: string, reason?: string) {
  return write.inWriteTransaction(db, () => {
    const run = read.getRunRow(db, runId);
    if (!run) throw new LineageError("not_found", `run ${JSON.stringify(runId)} does not exist`);
    // Only runs this Lineage started are jobs; an uploaded or imported run is a record whatever its status says.
    if (!q.getStartedRun(db, runId)) {
      throw new LineageError(
        "conflict",
        `run ${JSON.stringify(runId)} was uploaded or imported, not started by this Lineage: it is a record and cannot be ${action === "stop" ? "stopped" : action + "d"}`,
      );
    }
    const t = TRANSITIONS[action];
    if (!t.from.includes(run.status)) {
      throw new LineageError("conflict", `run ${JSON.stringify(runId)} is ${run.status}; it cannot be ${action === "stop" ? "stopped" : action + "d"}`);
    }
    const now = new Date().toISOString();
    q.setRunStatus(db, runId, t.to, t.to === "finished" ? now : null);
    write.insertEvent(db, { id: ulid(), runId, trialId: null, action: `run.${action}`, actor, at: now, detail: reason ? { reason } : null, receivedAt: now });
    return { id: runId, status: t.to };
  });
}

/** Marks a run finished by the runner itself (its trial budget is spent). */
export function finishRun(db: Db, runId: string): void {
  write.inWriteTransaction(db, () => {
    const now = new Date().toISOString();
    q.setRunStatus(db, runId, "finished", now);
    write.insertEvent(db, { id: ulid(), runId, trialId: null, action: "run.finished", actor: "runner", at: now, detail: null, receivedAt: now });
  });
}

/** The run's control state for the dashboard: status, trials in flight, and why it paused. */
export function getRunControl(db: Db, runId: string) {
  const run = read.getRunRow(db, runId);
  if (!run) throw new LineageError("not_found", `run ${JSON.stringify(runId)} does not exist`);
  const stats = read.getRunStats(db, runId)!;
  const events = read.eventsOfRun(db, runId).filter((e) => e.action.startsWith("run."));
  const last = events[events.length - 1];
  const config = (q.getStartedRun(db, runId)?.spec ?? null) as Partial<RunConfig> | null; // never the trace record's config
  return {
    id: runId,
    status: run.status,
    /** "stopped" for a run someone stopped, else the status */
    state: runStateWord(run.status, last?.action),
    stoppedBy: last?.action === "run.stop" ? last.actor : null,
    trials: stats.trialCount,
    budget: config?.trials ?? null,
    inFlight: q.countJobsOfRun(db, runId),
    managed: config !== null,
    pausedReason: run.status === "paused" ? ((last?.detail as { reason?: string } | null)?.reason ?? null) : null,
    lease: q.getLease(db, runId) ?? null,
  };
}
