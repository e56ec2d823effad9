// Tasks and runs, for lists and a run's page.
import type { Db } from "../../db/client";
import { agentNamesByRun } from "../../db/agent-queries";
import { listRunRows, listTaskRows } from "../../db/list-queries";
import { agentsOfRun, eventsOfRun, getRunRow, getRunStats, getTaskRow } from "../../db/read-queries";
import { runStateWord } from "../domain/run-state";
import { countRuns } from "../../db/runner-queries";
import type { ListRunsQuery } from "../domain/api";
import { LineageError } from "../domain/errors";
import { agentRecord, runRecord, taskRecord } from "./records";
import { runScoreDigits } from "./score-digits";
import { legalBestOf, metricOf, runView } from "./summaries";

export function listTasks(db: Db) {
  return listTaskRows(db).map(({ task, runCount }) => ({ ...taskRecord(task), metric: metricOf(task), runCount }));
}

/** How many runs the store holds (`lineage serve --demo` starts one in an empty store). */
export const runCount = (db: Db): number => countRuns(db);

export function listRuns(db: Db, query: ListRunsQuery = {}) {
  const agents = agentNamesByRun(db, query.task);
  return listRunRows(db, query.task).map(({ run, task, stats }) => ({
    ...runView(run, task, stats, legalBestOf(db, run.id, task)),
    agents: agents.get(run.id) ?? [],
    // "stopped" for a run someone stopped; only a finished run can have been (its events are read then)
    state: run.status === "finished" ? stateOf(db, run.id, run.status) : run.status,
  }));
}

/** The word a run's state reads (lib/domain/run-state.ts), from its status and last control event. */
const stateOf = (db: Db, runId: string, status: string) =>
  runStateWord(
    status,
    eventsOfRun(db, runId)
      .filter((e) => e.action.startsWith("run."))
      .at(-1)?.action,
  );

export type RunDetail = ReturnType<typeof getRunDetail>;

export function getRunDetail(db: Db, runId: string) {
  const run = getRunRow(db, runId);
  if (!run) throw new LineageError("not_found", `run ${JSON.stringify(runId)} does not exist`);
  const task = getTaskRow(db, run.taskId)!;
  const stats = getRunStats(db, runId)!;
  return {
    ...runView(run, task, stats, legalBestOf(db, runId, task)),
    /** "stopped" when someone stopped it, else the status */
    /** significant digits at which this run's distinct scores all print apart */
    scoreDigits: runScoreDigits(db, runId),
    state: stateOf(db, runId, run.status),
    config: runRecord(run).config ?? null,
    task: taskRecord(task),
    agents: agentsOfRun(db, runId).map(agentRecord),
  };
}
