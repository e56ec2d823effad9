// exportRunTrace: a run as lineage-trace/1 JSONL lines (task, run, agents, trials by seq, verdicts,
// events), produced a batch at a time so a 100k-trial run streams without being held in memory.
import type { Db } from "../../db/client";
import * as read from "../../db/read-queries";
import { LineageError } from "../domain/errors";
import { agentRecord, eventRecord, runRecord, taskRecord, trialRecord, verdictRecord } from "./records";

export function* exportRunTrace(db: Db, runId: string): Generator<string> {
  const run = read.getRunRow(db, runId);
  if (!run) throw new LineageError("not_found", `run ${JSON.stringify(runId)} does not exist`);
  const line = (r: unknown) => JSON.stringify(r) + "\n";
  yield line(taskRecord(read.getTaskRecordRow(db, run.taskId)!)); // as recorded; revisions are not part of the trace
  yield line(runRecord(run));
  for (const a of read.agentsOfRun(db, runId)) yield line(agentRecord(a));
  for (const rows of read.iterateTrialRows(db, runId)) {
    const ids = rows.map((r) => r.id);
    const parents = read.parentIdsOf(db, ids);
    const refs = read.contextRefIdsOf(db, ids);
    yield rows.map((r) => line(trialRecord(r, parents.get(r.id)!, refs.get(r.id)!))).join("");
  }
  for (const v of read.verdictsOfRun(db, runId)) yield line(verdictRecord(v));
  for (const e of read.eventsOfRun(db, runId)) yield line(eventRecord(e));
}

/** Throws not_found before any byte is sent, so an HTTP answer can still be a 404. */
export function assertRunExists(db: Db, runId: string): void {
  if (!read.getRunRow(db, runId)) throw new LineageError("not_found", `run ${JSON.stringify(runId)} does not exist`);
}
