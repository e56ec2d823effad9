// The trace format `lineage-trace/1` (../shared/TRACE.md): the single source of truth for
// ingestion, import, export and the published JSON Schema. Types are inferred from these schemas.
import { z } from "zod";
import { FAILURE_LABELS } from "./failures";
import { LIMITS } from "./limits";

export const TRACE_SCHEMA = "lineage-trace/1";

// Ids: 1–200 printable characters (no control characters, no bidi overrides), never numbers.
const PRINTABLE = /^[^\p{Cc}\u202A-\u202E\u2066-\u2069]+$/u;
export const RecordId = z.string().min(1).max(200).regex(PRINTABLE, "must be printable characters only");

/** A short one-line text: a name, a label. Free text elsewhere is stored exactly as given. */
const Name = z.string().min(1).max(LIMITS.nameChars);
const text = (max: number) => z.string().max(max, `longer than ${max} characters`);
const finite = () => z.number().refine(Number.isFinite, "must be a finite number");
const count = () => z.number().int().nonnegative();
// ISO 8601 date-time with an offset; stored as given (the server keeps its own receive time too).
const Timestamp = z.iso.datetime({ offset: true });
const FreeObject = z.record(z.string(), z.unknown());
const Metrics = z.record(z.string().max(LIMITS.nameChars), finite());

export const MetricDirection = z.enum(["minimize", "maximize"]);
export type MetricDirection = z.infer<typeof MetricDirection>;

export const Metric = z.strictObject({
  name: Name,
  direction: MetricDirection,
  unit: Name.optional(),
});

export const Gate = z.strictObject({
  metric: Name,
  op: z.enum([">=", ">", "<=", "<"]),
  value: finite(),
});
export type Gate = z.infer<typeof Gate>;

export const Budgets = z.strictObject({
  wallclockSeconds: finite().positive().optional(),
  artifactBytes: count().optional(),
  memoryBytes: count().optional(),
});

export const Surface = z.strictObject({
  name: Name,
  paths: z.array(z.string().min(1).max(1000)).max(1000),
  description: text(LIMITS.descriptionChars).optional(),
});

export const DomainRule = z.strictObject({
  name: Name,
  paths: z.array(z.string().min(1).max(1000)).max(1000).optional(),
  patterns: z.array(z.string().min(1).max(1000)).max(1000).optional(),
});

const base = { schema: z.literal(TRACE_SCHEMA) };

export const TaskRecord = z.strictObject({
  ...base,
  type: z.literal("task"),
  id: RecordId,
  name: Name,
  description: text(LIMITS.descriptionChars).optional(),
  metric: Metric,
  baselineScore: finite().optional(),
  noiseFloor: finite().nonnegative().optional(),
  budgets: Budgets.optional(),
  gates: z.array(Gate).max(100).optional(),
  protectedPaths: z.array(z.string().min(1).max(1000)).max(1000).optional(),
  surfaces: z.array(Surface).max(100).optional(),
  domains: z.array(DomainRule).max(100).optional(),
});
export type TaskRecord = z.infer<typeof TaskRecord>;

export const RunKind = z.enum(["headline", "control", "ablation", "other"]);
export const FeedbackMode = z.enum(["lineage", "none"]);
export const RunStatus = z.enum(["queued", "running", "paused", "finished", "failed"]);

export const RunRecord = z.strictObject({
  ...base,
  type: z.literal("run"),
  id: RecordId,
  taskId: RecordId,
  name: Name,
  kind: RunKind.default("headline"),
  feedback: FeedbackMode.default("lineage"),
  status: RunStatus.default("finished"),
  startedAt: Timestamp.optional(),
  finishedAt: Timestamp.optional(),
  config: FreeObject.optional(),
});
export type RunRecord = z.infer<typeof RunRecord>;

export const AgentRecord = z.strictObject({
  ...base,
  type: z.literal("agent"),
  id: RecordId,
  runId: RecordId,
  name: Name,
  surface: Name.optional(),
  proposer: Name.optional(),
});
export type AgentRecord = z.infer<typeof AgentRecord>;

export const FailureLabel = z.enum(FAILURE_LABELS);
export const TrialStatus = z.enum(["proposed", "running", "evaluated"]);
export type TrialStatus = z.infer<typeof TrialStatus>;
const Hash = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex digits");

export const TrialRecord = z
  .strictObject({
    ...base,
    type: z.literal("trial"),
    id: RecordId,
    runId: RecordId,
    seq: count().min(1).optional(),
    agentId: RecordId.optional(),
    parentIds: z.array(RecordId).max(LIMITS.parents).default([]),
    contextRefs: z.array(RecordId).max(LIMITS.contextRefs).default([]),
    hypothesis: text(LIMITS.hypothesisChars),
    expectedDelta: finite().optional(),
    domain: Name.optional(),
    diff: text(LIMITS.diffChars).optional(),
    status: TrialStatus.default("evaluated"),
    score: finite().nullable().optional(),
    metrics: Metrics.optional(),
    failure: FailureLabel.nullable().optional(),
    failureDetail: text(LIMITS.failureDetailChars).optional(),
    wallclockSeconds: finite().nonnegative().optional(),
    artifactBytes: count().optional(),
    peakMemoryBytes: count().optional(),
    log: text(LIMITS.logChars).optional(),
    context: text(LIMITS.contextChars).optional(),
    feedback: text(LIMITS.feedbackChars).optional(),
    kept: z.boolean().optional(),
    startedAt: Timestamp.optional(),
    finishedAt: Timestamp.optional(),
    extra: FreeObject.optional(),
    prevHash: Hash.optional(),
    hash: Hash.optional(),
  })
  .superRefine((t, ctx) => {
    if (t.failure && t.score != null) {
      ctx.addIssue({ code: "custom", path: ["score"], message: "a trial with a failure has no score" });
    }
    if (t.parentIds.includes(t.id)) {
      ctx.addIssue({ code: "custom", path: ["parentIds"], message: "a trial cannot be its own parent" });
    }
    if (t.contextRefs.includes(t.id)) {
      ctx.addIssue({ code: "custom", path: ["contextRefs"], message: "a trial cannot be in its own context" });
    }
    if (new Set(t.parentIds).size !== t.parentIds.length) {
      ctx.addIssue({ code: "custom", path: ["parentIds"], message: "parents must be distinct" });
    }
  });
export type TrialRecord = z.infer<typeof TrialRecord>;

export const VerdictValue = z.enum(["legal", "illegal", "needs_review"]);

export const VerdictRecord = z
  .strictObject({
    ...base,
    type: z.literal("verdict"),
    id: RecordId,
    trialId: RecordId,
    verdict: VerdictValue,
    domain: Name.optional(),
    reason: text(LIMITS.descriptionChars).optional(),
    auditor: Name.optional(),
    createdAt: Timestamp.optional(),
  })
  .refine((v) => v.verdict !== "illegal" || (v.reason ?? "").trim().length > 0, {
    path: ["reason"],
    message: "an illegal verdict needs a reason",
  });
export type VerdictRecord = z.infer<typeof VerdictRecord>;

export const EventRecord = z.strictObject({
  ...base,
  type: z.literal("event"),
  id: RecordId,
  runId: RecordId.optional(),
  trialId: RecordId.optional(),
  action: Name,
  actor: Name,
  at: Timestamp,
  detail: FreeObject.optional(),
});
export type EventRecord = z.infer<typeof EventRecord>;

export const TraceRecord = z.discriminatedUnion("type", [TaskRecord, RunRecord, AgentRecord, TrialRecord, VerdictRecord, EventRecord]);
export type TraceRecord = z.infer<typeof TraceRecord>;
export type RecordType = TraceRecord["type"];
export const RECORD_TYPES = ["task", "run", "agent", "trial", "verdict", "event"] as const satisfies readonly RecordType[];
