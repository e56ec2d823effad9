// `lineage run TASK ...`: starts a run and drives it to its trial budget, prints the run id, exits 0.
// `lineage run --daemon`: the runner process beside the web server; drives every run started
// through the run-starting service and works the re-evaluation queue.
// --json: stdout is JSON lines, the runner's progress as events ({"event":"started"|"trial"|"paused"|
// "finished"|"recovered"|"reeval"|"log", …}; --quiet drops them) and, last, {"event":"done", runId,
// interrupted, run} with the run's summary as GET /api/runs/:id tells it.
import { parseArgs } from "node:util";
import { env } from "../../env";
import { AnalysisWorker } from "../../runner/analysis-worker";
import { LoopRunner, type RunnerEvent } from "../../runner/loop-runner";
import { durationSeconds, parseAgentsFlag, type ExecutorSpecInput } from "../../domain/run-spec";
import { resolveTask } from "../../evaluator/task";
import { createRun } from "../../services/run-control";
import { getRunDetail } from "../../services/catalog";
import { UsageError, openStore } from "../context";
import type { Reply } from "../output";

const int = (name: string, v: string | undefined, fallback: number) => {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number, not ${JSON.stringify(v)}`);
  return Number(v);
};

function proposerSettings() {
  const e = env();
  return { openai: { baseUrl: e.LINEAGE_LLM_BASE_URL, apiKey: e.LINEAGE_LLM_API_KEY } };
}

type ExecutorFlags = {
  executor?: string;
  partition?: string;
  account?: string;
  qos?: string;
  gres?: string;
  cpus?: string;
  mem?: string;
  "max-pending"?: string;
};

function maxPending(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const seconds = durationSeconds(v);
  if (seconds === undefined) throw new UsageError(`--max-pending must be a duration like 90s, 10m, 2h or 1d, not ${JSON.stringify(v)}`);
  return seconds;
}

/** --executor local|slurm and sbatch's settings; undefined when none is given (the task's default applies). Checked by the run-starting service. */
function executorFlags(v: ExecutorFlags): ExecutorSpecInput | undefined {
  if (v.executor !== undefined && v.executor !== "local" && v.executor !== "slurm")
    throw new UsageError(`--executor must be local or slurm, not ${JSON.stringify(v.executor)}`);
  const spec: ExecutorSpecInput = {
    kind: v.executor as "local" | "slurm" | undefined,
    partition: v.partition,
    account: v.account,
    qos: v.qos,
    gres: v.gres,
    cpus: v.cpus === undefined ? undefined : int("cpus", v.cpus, 1),
    mem: v.mem,
    maxPendingSeconds: maxPending(v["max-pending"]),
  };
  return Object.values(spec).some((x) => x !== undefined) ? spec : undefined;
}

export async function runCommand(args: string[], reply: Reply): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      db: { type: "string" },
      agents: { type: "string" },
      trials: { type: "string" },
      parallel: { type: "string" },
      feedback: { type: "string" },
      seed: { type: "string" },
      name: { type: "string" },
      kind: { type: "string" },
      daemon: { type: "boolean" },
      "reeval-parallel": { type: "string" },
      quiet: { type: "boolean" },
      executor: { type: "string" },
      partition: { type: "string" },
      account: { type: "string" },
      qos: { type: "string" },
      gres: { type: "string" },
      cpus: { type: "string" },
      mem: { type: "string" },
      "max-pending": { type: "string" },
    },
  });
  const db = openStore(values.db);
  const log = values.quiet ? undefined : (line: string, event?: RunnerEvent) => reply.event(event ?? { event: "log", message: line }, line);
  const runner = (onlyRunIds?: string[]) => new LoopRunner({ db, logTailChars: env().LINEAGE_LOG_TAIL_BYTES, proposers: proposerSettings(), onlyRunIds, log });

  if (values.daemon) {
    // the daemon also works the re-evaluation queue, this many at once
    const reevalParallel = int("reeval-parallel", values["reeval-parallel"], 2);
    const r = new LoopRunner({ db, logTailChars: env().LINEAGE_LOG_TAIL_BYTES, proposers: proposerSettings(), log, reevalParallel });
    // and the audit analyses that uploads and imports queued
    const analysis = new AnalysisWorker({ db, log: log && ((line) => log(line)) });
    const parent = process.ppid;
    await new Promise<void>((resolve) => {
      const done = () => Promise.all([r.stop(), analysis.stop()]).then(() => resolve());
      for (const s of ["SIGINT", "SIGTERM"] as const) process.once(s, done);
      // The runner lives beside `lineage serve`: when that goes, so does it.
      setInterval(() => process.ppid !== parent && done(), 1000).unref();
      r.start();
      analysis.start();
    });
    db.$client.close();
    return 0;
  }

  if (positionals.length !== 1) throw new UsageError("give one task: a built-in task id (golf-mini) or a task directory");
  const feedback = values.feedback ?? "lineage";
  if (feedback !== "lineage" && feedback !== "none") throw new UsageError(`--feedback must be lineage or none, not ${JSON.stringify(feedback)}`);
  const task = resolveTask(positionals[0]);
  const executor = executorFlags(values);
  const own = runner([]);
  const { runId } = createRun(
    db,
    task,
    {
      task: task.record.id,
      name: values.name,
      kind: (values.kind as "headline" | undefined) ?? (feedback === "none" ? "control" : "headline"),
      agents: values.agents ? parseAgentsFlag(values.agents) : undefined,
      trials: int("trials", values.trials, 20),
      parallel: int("parallel", values.parallel, 1),
      feedback,
      seed: int("seed", values.seed, 1),
      executor,
    },
    { runnerId: own.runnerId, pid: process.pid },
  );
  own.onlyRunIds.push(runId);
  if (!values.quiet) reply.event({ event: "started", runId, taskId: task.record.id }, `lineage run: run ${runId} started on task ${task.record.id}`);
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    void own.stop();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  await own.runUntilIdle({ waitWhilePaused: true });
  await own.stop();
  try {
    const { id, taskId, name, kind, feedback, status, state, startedAt, finishedAt, metric, summary } = getRunDetail(db, runId);
    const run = { id, taskId, name, kind, feedback, status, state, startedAt, finishedAt, metric, summary };
    reply.result({ event: "done", runId, interrupted, run }, `${runId}\n`);
  } finally {
    db.$client.close();
  }
  return interrupted ? 130 : 0;
}
