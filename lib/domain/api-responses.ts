// Answer shapes of the HTTP API the browser reads, beside the query shapes in api.ts. The browser
// client (lib/api) parses every answer with these, so a server that drifts from them fails loudly
// with the field named instead of drawing a wrong page; tests/api-shapes.test.ts parses the real
// server's answers with them.
import { z } from "zod";
import { FINDING_KINDS } from "./audit/finding-kinds";
import { VERDICT_STATUSES } from "./audit/api";
import { ImportFormat } from "./import-formats";
import { TaskSettings } from "./task-settings";
import { AgentRecord, FailureLabel, FeedbackMode, MetricDirection, RunKind, RunStatus, TaskRecord, TrialStatus, VerdictValue } from "./trace";

const Count = z.number().int().nonnegative();
const Iso = z.string();
const Score = z.number().nullable();
const Counts = z.record(z.string(), Count);

export const MetricView = z.object({ name: z.string(), direction: MetricDirection, unit: z.string().nullable() });

/** The word a page shows for a run's state (lib/domain/run-state.ts). */
export const RunState = z.union([RunStatus, z.literal("stopped")]);

export const RunSummary = z.object({
  trialCount: Count,
  evaluatedCount: Count,
  keptCount: Count,
  baselineScore: Score,
  baselineIsMeasured: z.boolean(),
  bestScore: Score,
  bestTrialId: z.string().nullable(),
  legalBestScore: Score,
  legalBestTrialId: z.string().nullable(),
  improvementPct: z.number().nullable(),
  failures: Counts,
  failureCount: Count,
  lastActivityAt: Iso.nullable(),
});

const RunView = z.object({
  id: z.string(),
  taskId: z.string(),
  taskName: z.string(),
  name: z.string(),
  kind: RunKind,
  feedback: FeedbackMode,
  status: RunStatus,
  startedAt: Iso.nullable(),
  finishedAt: Iso.nullable(),
  metric: MetricView,
  summary: RunSummary,
});

/** GET /api/runs: each run with its agents' names and the word its state reads. */
export const RunListItem = RunView.extend({ agents: z.array(z.string()), state: RunState });
export type RunListItem = z.infer<typeof RunListItem>;
export const RunList = z.object({ items: z.array(RunListItem) });

/** GET /api/runs/:id */
export const RunDetail = RunView.extend({
  scoreDigits: z.number().int().min(1).max(17),
  state: RunState,
  config: z.record(z.string(), z.unknown()).nullable(),
  task: TaskRecord,
  agents: z.array(AgentRecord),
});
export type RunDetail = z.infer<typeof RunDetail>;

/** GET /api/runs/:id/agents: per-agent figures, failure windows, time spent. */
export const RunBreakdown = z.object({
  runId: z.string(),
  agents: z.array(
    z.object({
      agentId: z.string().nullable(),
      name: z.string().nullable(),
      trials: Count,
      evaluated: Count,
      newBests: Count,
      kept: Count,
      failures: Counts,
      bestScore: Score,
      improvementShare: z.number().nullable(),
      predictions: z.object({ count: Count, signAgreement: z.number(), meanAbsError: z.number() }).nullable(),
    }),
  ),
  failureWindows: z.object({
    size: z.number().int().positive(),
    windows: z.array(z.object({ from: z.number().int(), to: z.number().int(), evaluated: Count, failures: Counts })),
  }),
  time: z.object({
    computeSeconds: z.number().nullable(),
    /** summed queue waits of trials that ran as cluster jobs; null when none did */
    queueSeconds: z.number().nullable(),
    elapsedSeconds: z.number().nullable(),
  }),
});
export type RunBreakdown = z.infer<typeof RunBreakdown>;
export type AgentStats = RunBreakdown["agents"][number];

const RunCurvePoint = z.object({
  id: z.string(),
  seq: z.number().int(),
  t: z.number().nullable(),
  /** evaluator seconds summed to this trial, queue waits left out */
  tEval: z.number().nullable(),
  agentId: z.string().nullable(),
  score: Score,
  failure: FailureLabel.nullable(),
  newBest: z.boolean(),
  hypothesis: z.string(),
});

/** GET /api/runs/:id/curve */
export const RunCurve = z.object({
  runId: z.string(),
  metric: MetricView,
  evaluated: Count,
  downsampled: z.boolean(),
  hasTime: z.boolean(),
  hasQueue: z.boolean(),
  points: z.array(RunCurvePoint),
});
export type RunCurve = z.infer<typeof RunCurve>;

/**
 * The curve as the run page is first drawn from: every point, without its hypothesis (null), which
 * was half the curve's bytes and follows from the API (lib/domain/curve-view.ts curveOutline).
 */
export const RunCurveOutline = RunCurve.extend({ points: z.array(RunCurvePoint.extend({ hypothesis: z.null() })) });
export type RunCurveOutline = z.infer<typeof RunCurveOutline>;

export const TrialListItem = z.object({
  id: z.string(),
  seq: z.number().int(),
  agentId: z.string().nullable(),
  parentIds: z.array(z.string()),
  hypothesis: z.string(),
  hypothesisTruncated: z.boolean(),
  status: TrialStatus,
  score: Score,
  failure: FailureLabel.nullable(),
  failureDetail: z.string().nullable(),
  kept: z.boolean().nullable(),
  isBest: z.boolean(),
  domain: z.string().nullable(),
  expectedDelta: z.number().nullable(),
  deltaVsParent: z.number().nullable(),
  wallclockSeconds: z.number().nullable(),
  /** seconds the trial's cluster job waited in the queue (extra.executor.queueSeconds) */
  queueSeconds: z.number().nullable(),
  sourceId: z.string().nullable(),
  malformedRow: z.object({ raw: z.string(), truncated: z.boolean() }).nullable(),
});
export type TrialListItem = z.infer<typeof TrialListItem>;

/** GET /api/runs/:id/trials: one keyset page. */
export const TrialsPage = z.object({ items: z.array(TrialListItem), nextCursor: z.string().nullable() });
export type TrialsPage = z.infer<typeof TrialsPage>;

/** GET /api/runs/:id/control and the answer of POST /api/runs/:id/control/:action */
export const RunControl = z.object({
  id: z.string(),
  status: RunStatus,
  state: RunState,
  stoppedBy: z.string().nullable(),
  trials: Count,
  budget: Count.nullable(),
  inFlight: Count,
  managed: z.boolean(),
  pausedReason: z.string().nullable(),
});
export type RunControl = z.infer<typeof RunControl>;

/** POST /api/runs: the started run and its agents. */
export const StartedRun = z.object({
  id: z.string(),
  agents: z.array(z.object({ id: z.string(), name: z.string(), surface: z.string().optional(), proposer: z.string() })),
});

const Point = { x: z.number(), y: z.number() };
const LabelCounts = z.record(z.string(), z.number().int());

/** GET /api/runs/:id/lineage: what to draw of one viewport, bounded however large the run (lib/domain/lineage-lod.ts). */
export const LineageGraph = z.object({
  runId: z.string(),
  runName: z.string(),
  taskId: z.string(),
  metric: MetricView,
  baselineTrialId: z.string().nullable(),
  bestTrialId: z.string().nullable(),
  /** where the current best is drawn (its node, or the cluster that holds it) */
  best: z.object({ key: z.string(), seq: z.number().int(), ...Point }).nullable(),
  agents: z.array(z.object({ id: z.string(), name: z.string(), surface: z.string().nullable() })),
  /** the whole graph: trials, nodes after folding and folded clusters; the layout's size */
  totals: z.object({ trials: z.number().int(), nodes: z.number().int(), clusters: z.number().int(), lastSeq: z.number().int() }),
  width: z.number(),
  height: z.number(),
  /** the view this answer is for: the one asked for, or the first view */
  view: z.object({ ...Point, k: z.number() }),
  mode: z.enum(["all", "view", "regions"]),
  /** nodes of the graph inside the viewport */
  inView: z.number().int(),
  nodes: z.array(
    z.discriminatedUnion("kind", [
      z.object({
        kind: z.literal("trial"),
        key: z.string(),
        ...Point,
        id: z.string(),
        seq: z.number().int(),
        agentId: z.string().nullable(),
        status: TrialStatus,
        score: Score,
        failure: FailureLabel.nullable(),
        isBest: z.boolean(),
        hypothesis: z.string(),
        onBestPath: z.boolean(),
      }),
      z.object({
        kind: z.literal("cluster"),
        key: z.string(),
        ...Point,
        clusterKind: z.enum(["failed", "leaves", "chain"]),
        count: z.number().int(),
        labels: LabelCounts,
        firstSeq: z.number().int(),
        lastSeq: z.number().int(),
        onBestPath: z.boolean(),
      }),
      z.object({
        kind: z.literal("region"),
        key: z.string(),
        ...Point,
        box: z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() }),
        /** trials in it, and the nodes they are drawn as when zoomed in */
        count: z.number().int(),
        nodes: z.number().int(),
        labels: LabelCounts,
        firstSeq: z.number().int(),
        lastSeq: z.number().int(),
      }),
    ]),
  ),
  edges: z.array(z.object({ from: z.string(), to: z.string(), x1: z.number(), y1: z.number(), x2: z.number(), y2: z.number(), best: z.boolean() })),
  /** the trial named by `focus`, when it exists */
  focusTrial: z.object({ id: z.string(), seq: z.number().int() }).nullable(),
  /** with `context`: what the focused trial and each trial drawn saw, from where it is drawn */
  contextEdges: z
    .array(z.object({ trialId: z.string(), from: z.string(), to: z.string(), x1: z.number(), y1: z.number(), x2: z.number(), y2: z.number() }))
    .nullable(),
  contextTruncated: z.boolean(),
});
export type LineageGraph = z.infer<typeof LineageGraph>;
export type LineageGraphNode = LineageGraph["nodes"][number];

/** GET /api/trials/:id/ancestry: the first-parent line from the baseline to the trial, with the failed siblings of each step. */
export const TrialAncestry = z.object({
  trialId: z.string(),
  runId: z.string(),
  metric: MetricView,
  noiseFloor: z.number().nullable(),
  steps: z.array(
    z.object({
      id: z.string(),
      seq: z.number().int(),
      parentId: z.string().nullable(),
      agent: z.string().nullable(),
      hypothesis: z.string(),
      status: TrialStatus,
      score: Score,
      failure: FailureLabel.nullable(),
      kept: z.boolean().nullable(),
      isBest: z.boolean(),
      deltaVsParent: z.number().nullable(),
      reading: z.enum(["better", "worse", "within_noise", "unchanged", "none"]),
      hasDiff: z.boolean(),
      failedSiblings: z.array(z.object({ id: z.string(), seq: z.number().int(), failure: FailureLabel, agent: z.string().nullable(), hypothesis: z.string() })),
      failedSiblingCount: Count,
      siblingCount: Count,
    }),
  ),
  earlierSteps: z.boolean(),
});
export type TrialAncestry = z.infer<typeof TrialAncestry>;

export const VerdictView = z.object({
  id: z.string(),
  verdict: VerdictValue,
  domain: z.string().nullable(),
  reason: z.string().nullable(),
  auditor: z.string().nullable(),
  createdAt: Iso.nullable(),
});
export type VerdictView = z.infer<typeof VerdictView>;

/** A note on a run or a trial (GET/POST /api/runs/:id/notes, /api/trials/:id/notes). */
export const NoteView = z.object({
  id: z.string(),
  runId: z.string(),
  trialId: z.string().nullable(),
  author: z.string(),
  body: z.string(),
  createdAt: Iso,
});
export type NoteView = z.infer<typeof NoteView>;
export const NoteList = z.object({ items: z.array(NoteView) });

/** POST /api/runs/:id/audit/verdicts: one verdict recorded per selected trial, in one transaction. */
export const BulkVerdicts = z.object({ items: z.array(VerdictView.extend({ trialId: z.string() })) });

export const Finding = z.object({
  kind: z.enum(FINDING_KINDS),
  severity: z.enum(["legality", "budget", "evidence"]),
  message: z.string(),
  evidence: z.object({
    file: z.string().optional(),
    hunk: z.string().optional(),
    figure: z.number().optional(),
    limit: z.number().optional(),
    metric: z.string().optional(),
    hashes: z.object({ trial: z.string(), task: z.string() }).optional(),
    files: z.array(z.object({ path: z.string(), change: z.enum(["changed", "added", "missing"]) })).optional(),
  }),
});

export const Classification = z.object({
  source: z.enum(["diff", "declared", "none"]),
  declared: z.string().nullable(),
  classified: z.array(z.string()),
  hunks: z.array(z.object({ file: z.string(), header: z.string(), domains: z.array(z.string()), changedLines: Count })),
  hunkCount: Count.optional(),
  disagreement: z.boolean(),
  domains: z.array(z.string()),
  rulesFrom: z.enum(["task", "default"]),
  unconfirmed: z.boolean().optional(),
});

export const AuditItem = z.object({
  id: z.string(),
  seq: z.number().int(),
  agentId: z.string().nullable(),
  hypothesis: z.string(),
  status: z.string(),
  score: Score,
  failure: z.string().nullable(),
  failureDetail: z.string().nullable(),
  kept: z.boolean().nullable(),
  isBest: z.boolean(),
  deltaVsParent: z.number().nullable(),
  classification: Classification,
  findings: z.array(Finding),
  verdictStatus: z.enum(VERDICT_STATUSES),
  latestVerdict: VerdictView.nullable(),
  verdictCount: Count,
});
export type AuditItem = z.infer<typeof AuditItem>;

/** GET /api/runs/:id/audit/queue: one keyset page. */
export const AuditQueuePage = z.object({
  items: z.array(AuditItem),
  nextCursor: z.string().nullable(),
  /** reviewed: latest verdict legal or illegal, of the run's trials or (filtered) of those the filters keep */
  progress: z.object({ reviewed: Count, total: Count, filtered: z.boolean() }),
});
export type AuditQueuePage = z.infer<typeof AuditQueuePage>;

/** A queued re-evaluation, as POST and GET /api/trials/:id/reevaluate answer it. */
export const ReevalRequest = z.object({
  id: z.string(),
  trialId: z.string(),
  status: z.enum(["queued", "running", "done", "failed"]),
  actor: z.string(),
  createdAt: Iso,
  startedAt: Iso.nullable(),
  finishedAt: Iso.nullable(),
  error: z.string().nullable(),
  result: z.looseObject({ score: Score, difference: z.number().nullable(), tolerance: z.number(), withinTolerance: z.boolean().nullable() }).nullable(),
});
export type ReevalRequest = z.infer<typeof ReevalRequest>;
export const ReevalRequests = z.object({ items: z.array(ReevalRequest) });

/** POST /api/tasks/:id/settings: the revision made (null when nothing changed) and the settings in force. */
export const TaskSettingsRevised = z.object({
  taskId: z.string(),
  revision: z.number().int().nullable(),
  settings: TaskSettings,
  changes: z.record(z.string(), z.unknown()),
});

/** GET /api/auth/session */
export const SessionInfo = z.object({
  accounts: z.boolean(),
  user: z.object({ name: z.string(), role: z.enum(["viewer", "auditor", "admin"]) }).nullable(),
  csrfToken: z.string().nullable(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** POST /api/auth/sign-in */
export const SignedIn = z.object({ user: z.object({ name: z.string(), role: z.enum(["viewer", "auditor", "admin"]) }), csrfToken: z.string() });
/** POST /api/auth/sign-out */
export const SignedOut = z.object({ signedOut: z.literal(true) });

const Problem = z.object({ file: z.string(), line: z.number().int(), message: z.string() });

/** POST /api/import: what the import read, made and missed (the CLI prints the same report). */
export const ImportReport = z.object({
  format: ImportFormat,
  source: z.string(),
  files: z.array(z.object({ name: z.string(), rows: Count })),
  rowsRead: Count,
  malformedRows: Count,
  problems: z.array(Problem),
  problemCount: Count,
  unknownStatuses: z.array(z.string()),
  task: z.object({ id: z.string(), name: z.string(), metric: z.string(), direction: z.string(), created: z.boolean() }),
  run: z.object({ id: z.string(), name: z.string(), created: z.boolean() }),
  agents: Count,
  trials: z.object({
    total: Count,
    created: Count,
    unchanged: Count,
    kept: Count,
    scored: Count,
    placeholders: Count,
    byStatus: Counts,
    byLabel: z.partialRecord(FailureLabel, Count),
  }),
  missingFields: z.array(z.string()),
  partialFields: z.array(z.object({ field: z.string(), present: Count })),
  notes: z.array(z.string()),
  alreadyImported: z.boolean(),
});
export type ImportReport = z.infer<typeof ImportReport>;
