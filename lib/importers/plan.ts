// The shape every importer produces: the task and run it describes and a lazy stream of trial
// drafts in source order. The pipeline (records.ts) turns drafts into lineage-trace/1 records.
import type { RunRecord, TaskRecord, TrialRecord } from "../domain/trace";
import type { ImportFormat, ImportOptions } from "./options";
import type { ReportCollector } from "./report";

export type TaskDraft = Omit<TaskRecord, "schema" | "type">;
export type RunDraft = Partial<Pick<RunRecord, "kind" | "feedback" | "status" | "startedAt" | "finishedAt" | "config">>;

/** Trial fields an importer fills; ids, run and links are the pipeline's job. */
export type TrialFields = Omit<
  Partial<TrialRecord>,
  "schema" | "type" | "id" | "runId" | "seq" | "agentId" | "parentIds" | "contextRefs" | "prevHash" | "hash"
> & { hypothesis: string };

export type TrialDraft = {
  /** the trial's id in its source (an exp_id, a node id, a row position) */
  sourceId: string;
  file: string;
  line: number;
  /** source ids of code parents, first = diff base */
  parents: string[];
  /** parents the importer knows the source lacks: their placeholders are stored at once, so the row keeps its place in seq */
  absentParents?: string[];
  /** source ids of trials whose outcomes were in the proposal's context */
  contextRefs?: string[];
  agent?: string;
  fields: TrialFields;
  malformed?: { reason: string; raw: string };
};

export type SourcePlan = {
  /** a human name for the source: a folder or file name */
  sourceName: string;
  /** the folder file names are taken relative to, for the digest */
  root: string;
  /** every file whose bytes define the import (their digest makes the run id) */
  files: string[];
  task: TaskDraft;
  run: RunDraft;
  trials: (report: ReportCollector) => Iterable<TrialDraft>;
};

export type Importer = (path: string, options: ImportOptions) => SourcePlan;
export type { ImportFormat };
