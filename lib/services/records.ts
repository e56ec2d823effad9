// Between trace records and stored rows, both ways. Export builds records with these, so a stored
// record reads back in the one canonical form it was hashed in (absent fields left out).
import type { AgentRow, EventRow, RunRow, TaskRow, TrialRow, VerdictRow } from "../../db/write-queries";
import { dropEmpty } from "../domain/canonical";
import { TRACE_SCHEMA, type AgentRecord, type EventRecord, type RunRecord, type TaskRecord, type TrialRecord, type VerdictRecord } from "../domain/trace";

const SPEC_KEYS = ["budgets", "gates", "protectedPaths", "surfaces", "domains"] as const;
const orUndef = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export function taskRow(r: TaskRecord, receivedAt: string): TaskRow {
  const spec: Record<string, unknown> = {};
  for (const k of SPEC_KEYS) if (r[k] !== undefined) spec[k] = r[k];
  return {
    id: r.id,
    name: r.name,
    description: r.description ?? null,
    metricName: r.metric.name,
    metricDirection: r.metric.direction,
    metricUnit: r.metric.unit ?? null,
    baselineScore: r.baselineScore ?? null,
    noiseFloor: r.noiseFloor ?? null,
    spec,
    receivedAt,
  };
}

export function taskRecord(row: TaskRow): TaskRecord {
  return dropEmpty({
    schema: TRACE_SCHEMA,
    type: "task",
    id: row.id,
    name: row.name,
    description: orUndef(row.description),
    metric: dropEmpty({ name: row.metricName, direction: row.metricDirection, unit: orUndef(row.metricUnit) }),
    baselineScore: orUndef(row.baselineScore),
    noiseFloor: orUndef(row.noiseFloor),
    ...(row.spec as Partial<TaskRecord>),
  }) as TaskRecord;
}

export function runRow(r: RunRecord, receivedAt: string): RunRow {
  return {
    id: r.id,
    taskId: r.taskId,
    name: r.name,
    kind: r.kind,
    feedback: r.feedback,
    status: r.status,
    startedAt: r.startedAt ?? null,
    finishedAt: r.finishedAt ?? null,
    config: r.config ?? null,
    receivedAt,
  };
}

export function runRecord(row: RunRow): RunRecord {
  return dropEmpty({
    schema: TRACE_SCHEMA,
    type: "run",
    id: row.id,
    taskId: row.taskId,
    name: row.name,
    kind: row.kind as RunRecord["kind"],
    feedback: row.feedback as RunRecord["feedback"],
    status: row.status as RunRecord["status"],
    startedAt: orUndef(row.startedAt),
    finishedAt: orUndef(row.finishedAt),
    config: orUndef(row.config),
  });
}

export function agentRow(r: AgentRecord, receivedAt: string): AgentRow {
  return { id: r.id, runId: r.runId, name: r.name, surface: r.surface ?? null, proposer: r.proposer ?? null, receivedAt };
}

export function agentRecord(row: AgentRow): AgentRecord {
  return dropEmpty({
    schema: TRACE_SCHEMA,
    type: "agent",
    id: row.id,
    runId: row.runId,
    name: row.name,
    surface: orUndef(row.surface),
    proposer: orUndef(row.proposer),
  });
}

/** `r` must carry its final seq (and hashes, when evaluated). */
export function trialRow(r: TrialRecord, derived: { isBest: boolean; deltaVsParent: number | null }, receivedAt: string): TrialRow {
  return {
    id: r.id,
    runId: r.runId,
    seq: r.seq!,
    agentId: r.agentId ?? null,
    hypothesis: r.hypothesis,
    expectedDelta: r.expectedDelta ?? null,
    domain: r.domain ?? null,
    diff: r.diff ?? null,
    status: r.status,
    score: r.score ?? null,
    metrics: r.metrics ?? null,
    failure: r.failure ?? null,
    failureDetail: r.failureDetail ?? null,
    wallclockSeconds: r.wallclockSeconds ?? null,
    artifactBytes: r.artifactBytes ?? null,
    peakMemoryBytes: r.peakMemoryBytes ?? null,
    log: r.log ?? null,
    context: r.context ?? null,
    feedback: r.feedback ?? null,
    kept: r.kept ?? null,
    startedAt: r.startedAt ?? null,
    finishedAt: r.finishedAt ?? null,
    extra: r.extra ?? null,
    isBest: derived.isBest,
    deltaVsParent: derived.deltaVsParent,
    prevHash: r.prevHash ?? null,
    hash: r.hash ?? null,
    receivedAt,
  };
}

export function trialRecord(row: TrialRow, parentIds: string[], contextRefs: string[]): TrialRecord {
  return dropEmpty({
    schema: TRACE_SCHEMA,
    type: "trial",
    id: row.id,
    runId: row.runId,
    seq: row.seq,
    agentId: orUndef(row.agentId),
    parentIds,
    contextRefs,
    hypothesis: row.hypothesis,
    expectedDelta: orUndef(row.expectedDelta),
    domain: orUndef(row.domain),
    diff: orUndef(row.diff),
    status: row.status as TrialRecord["status"],
    score: orUndef(row.score),
    metrics: orUndef(row.metrics),
    failure: orUndef(row.failure) as TrialRecord["failure"],
    failureDetail: orUndef(row.failureDetail),
    wallclockSeconds: orUndef(row.wallclockSeconds),
    artifactBytes: orUndef(row.artifactBytes),
    peakMemoryBytes: orUndef(row.peakMemoryBytes),
    log: orUndef(row.log),
    context: orUndef(row.context),
    feedback: orUndef(row.feedback),
    kept: orUndef(row.kept),
    startedAt: orUndef(row.startedAt),
    finishedAt: orUndef(row.finishedAt),
    extra: orUndef(row.extra),
    prevHash: orUndef(row.prevHash),
    hash: orUndef(row.hash),
  });
}

export function verdictRow(r: VerdictRecord, receivedAt: string): VerdictRow {
  return {
    id: r.id,
    trialId: r.trialId,
    verdict: r.verdict,
    domain: r.domain ?? null,
    reason: r.reason ?? null,
    auditor: r.auditor ?? null,
    createdAt: r.createdAt ?? receivedAt,
    receivedAt,
  };
}

export function verdictRecord(row: VerdictRow): VerdictRecord {
  return dropEmpty({
    schema: TRACE_SCHEMA,
    type: "verdict",
    id: row.id,
    trialId: row.trialId,
    verdict: row.verdict as VerdictRecord["verdict"],
    domain: orUndef(row.domain),
    reason: orUndef(row.reason),
    auditor: orUndef(row.auditor),
    createdAt: orUndef(row.createdAt),
  });
}

export function eventRow(r: EventRecord, receivedAt: string): EventRow {
  return {
    id: r.id,
    runId: r.runId ?? null,
    trialId: r.trialId ?? null,
    action: r.action,
    actor: r.actor,
    at: r.at,
    detail: r.detail ?? null,
    receivedAt,
  };
}

export function eventRecord(row: EventRow): EventRecord {
  return dropEmpty({
    schema: TRACE_SCHEMA,
    type: "event",
    id: row.id,
    runId: orUndef(row.runId),
    trialId: orUndef(row.trialId),
    action: row.action,
    actor: row.actor,
    at: row.at,
    detail: orUndef(row.detail),
  });
}
