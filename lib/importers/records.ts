// Trial drafts → lineage-trace/1 records: stable ids, agents on first use, parents before
// children (a child whose parent comes later in the source waits for it; a parent that never
// comes becomes a placeholder marked "not in source"), fields fitted to the trace limits.
import type { ParsedLine } from "../domain/jsonl";
import { LineageError } from "../domain/errors";
import { LIMITS } from "../domain/limits";
import { AgentRecord, RunRecord, TaskRecord, TRACE_SCHEMA, TrialRecord, type TraceRecord } from "../domain/trace";
import type { SourcePlan, TrialDraft } from "./plan";
import { REPORTED_FIELDS, type ReportCollector } from "./report";
import { sha256, slug } from "./text";

type Tally = {
  trials: number;
  kept: number;
  scored: number;
  placeholders: number;
  agents: number;
  byStatus: Record<string, number>;
  byLabel: Record<string, number>;
  present: Map<string, number>;
};

export const newTally = (): Tally => ({ trials: 0, kept: 0, scored: 0, placeholders: 0, agents: 0, byStatus: {}, byLabel: {}, present: new Map() });

/** Trial ids are the run id plus the source's own id, so a re-import finds the same records. */
export function childId(runId: string, sourceId: string): string {
  const clean = sourceId.replace(/[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu, "?");
  const id = `${runId}/${clean}`;
  return id.length <= 200 ? id : `${runId}/h-${sha256(sourceId).slice(0, 24)}`;
}

function parseOrExplain<T>(
  schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } },
  value: unknown,
  where: string,
  line: number,
): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new LineageError("invalid_input", `${where}: field ${issue.path.map(String).join(".")}: ${issue.message}`, { line });
}

const cut = (s: string | undefined, max: number) => (s === undefined || s.length <= max ? s : s.slice(0, max));

/** Bounds free text to the trace caps, saying in extra which fields were cut. */
function fit(t: Record<string, unknown>): Record<string, unknown> {
  const cutFields: string[] = [];
  const caps: Record<string, number> = {
    hypothesis: LIMITS.hypothesisChars,
    context: LIMITS.contextChars,
    feedback: LIMITS.feedbackChars,
    failureDetail: LIMITS.failureDetailChars,
  };
  for (const [k, max] of Object.entries(caps)) {
    const v = t[k];
    if (typeof v === "string" && v.length > max) {
      t[k] = cut(v, max);
      cutFields.push(k);
    }
  }
  // A log keeps its tail (the end of an evaluator's output says why it stopped).
  if (typeof t.log === "string" && t.log.length > LIMITS.logChars) {
    t.log = t.log.slice(-LIMITS.logChars);
    cutFields.push("log");
  }
  // A cut diff would not apply, so an oversized one is left out rather than shortened.
  if (typeof t.diff === "string" && t.diff.length > LIMITS.diffChars) {
    delete t.diff;
    cutFields.push("diff (left out: over the diff cap)");
  }
  if (typeof t.domain === "string") t.domain = t.domain.trim() ? cut(t.domain.trim(), LIMITS.nameChars) : undefined;
  if (t.metrics && typeof t.metrics === "object") {
    const m: Record<string, number> = {};
    for (const [k, v] of Object.entries(t.metrics)) if (typeof v === "number" && Number.isFinite(v)) m[k.slice(0, LIMITS.nameChars)] = v;
    t.metrics = Object.keys(m).length ? m : undefined;
  }
  if (cutFields.length) t.extra = { ...(t.extra as object), cutToLimits: cutFields };
  // The store reads an absent score or failure back as absent: null here would not compare equal
  // on a re-import (and would enter the hash differently from what an export gives back).
  for (const k of Object.keys(t)) if (t[k] === null || t[k] === undefined) delete t[k];
  return t;
}

export function* planRecords(
  plan: SourcePlan,
  ids: { taskId: string; runId: string; runName: string; emitTask: boolean; storedRun?: RunRecord },
  report: ReportCollector,
  tally: Tally,
): Generator<ParsedLine> {
  const base = { schema: TRACE_SCHEMA };
  if (ids.emitTask) yield { line: 1, record: parseOrExplain<TraceRecord>(TaskRecord, { ...base, type: "task", ...plan.task, id: ids.taskId }, "task", 1) };
  const run = ids.storedRun ?? { ...base, type: "run", id: ids.runId, taskId: ids.taskId, name: ids.runName, ...plan.run };
  yield { line: 1, record: parseOrExplain<TraceRecord>(RunRecord, run, "run", 1) };

  const agents = new Map<string, string>();
  const emitted = new Map<string, string>(); // source id → trial id of its latest emitted trial
  const used = new Set<string>();
  const waiting = new Map<string, TrialDraft[]>(); // missing parent source id → drafts waiting for it

  function* agentFor(name: string | undefined): Generator<ParsedLine, string | undefined> {
    const n = name?.trim();
    if (!n) return undefined;
    let id = agents.get(n);
    if (!id) {
      id = childId(ids.runId, `agent:${slug(n, 80)}-${sha256(n).slice(0, 6)}`);
      agents.set(n, id);
      tally.agents++;
      yield {
        line: 1,
        record: parseOrExplain<TraceRecord>(
          AgentRecord,
          { ...base, type: "agent", id, runId: ids.runId, name: n.slice(0, LIMITS.nameChars) },
          `agent ${JSON.stringify(n)}`,
          1,
        ),
      };
    }
    return id;
  }

  function trialIdFor(sourceId: string): string {
    let id = childId(ids.runId, sourceId);
    for (let n = 2; used.has(id); n++) id = childId(ids.runId, `${sourceId}~${n}`);
    used.add(id);
    return id;
  }

  function* emit(d: TrialDraft, placeholder = false): Generator<ParsedLine> {
    const agentId = yield* agentFor(d.agent);
    const id = trialIdFor(d.sourceId);
    const parents = [...new Set(d.parents.filter((p) => p !== d.sourceId))].map((p) => emitted.get(p)!).filter(Boolean);
    const refs = (d.contextRefs ?? []).filter((r) => emitted.has(r) && r !== d.sourceId).map((r) => emitted.get(r)!);
    const droppedRefs = (d.contextRefs ?? []).filter((r) => !emitted.has(r));
    const extra: Record<string, unknown> = { ...(d.fields.extra ?? {}) };
    if (d.malformed) Object.assign(extra, { malformedSourceRow: true, malformedReason: d.malformed.reason, rawRow: cut(d.malformed.raw, 20_000) });
    if (droppedRefs.length) extra.contextRefsNotInSource = droppedRefs.slice(0, 1000);
    extra.sourceId = d.sourceId;
    extra.sourceLine = `${d.file}:${d.line}`;
    const fields = fit({ ...d.fields, extra });
    const record = parseOrExplain<TrialRecord>(
      TrialRecord,
      { ...base, type: "trial", id, runId: ids.runId, agentId, parentIds: [...new Set(parents)], contextRefs: [...new Set(refs)], ...fields },
      `${d.file}:${d.line}`,
      d.line,
    );
    emitted.set(d.sourceId, id);
    count(record, placeholder);
    yield { line: d.line, record };
    const children = waiting.get(d.sourceId);
    if (children) {
      waiting.delete(d.sourceId);
      for (const c of children) yield* admit(c, true);
    }
  }

  function count(t: TrialRecord, placeholder: boolean): void {
    if (placeholder) {
      tally.placeholders++;
      return;
    }
    tally.trials++;
    tally.byStatus[t.status] = (tally.byStatus[t.status] ?? 0) + 1;
    if (t.failure) tally.byLabel[t.failure] = (tally.byLabel[t.failure] ?? 0) + 1;
    if (t.kept) tally.kept++;
    if (t.score != null) tally.scored++;
    for (const f of REPORTED_FIELDS) {
      const v = (t as Record<string, unknown>)[f];
      const has = Array.isArray(v) ? v.length > 0 : typeof v === "string" ? v.length > 0 : v !== undefined && v !== null;
      if (has) tally.present.set(f, (tally.present.get(f) ?? 0) + 1);
    }
  }

  function* placeholder(missing: string, first: TrialDraft): Generator<ParsedLine> {
    report.note('parents missing from the source are kept as placeholder trials marked "not in source"');
    yield* emit(
      {
        sourceId: missing,
        file: first.file,
        line: first.line,
        parents: [],
        fields: { hypothesis: "", extra: { notInSource: true, placeholder: `parent ${missing} is referred to by the source but not in it` } },
      },
      true,
    );
  }

  let cameEarly = 0; // rows stored after a parent that comes later in the source
  function* admit(d: TrialDraft, early = false): Generator<ParsedLine> {
    for (const p of d.absentParents ?? []) if (p !== d.sourceId && !emitted.has(p)) yield* placeholder(p, d);
    const missing = d.parents.find((p) => p !== d.sourceId && !emitted.has(p));
    if (missing === undefined) {
      if (early) cameEarly++;
      return yield* emit(d);
    }
    const list = waiting.get(missing) ?? [];
    list.push(d);
    waiting.set(missing, list);
  }

  for (const d of plan.trials(report)) yield* admit(d);

  // Parents the source never had (evicted by the search, or lost): one placeholder each.
  while (waiting.size > 0) {
    const [missing, drafts] = waiting.entries().next().value as [string, TrialDraft[]];
    yield* placeholder(missing, drafts[0]);
  }
  if (cameEarly)
    report.note(
      `${cameEarly} row${cameEarly === 1 ? "" : "s"} came before ${cameEarly === 1 ? "its parent" : "their parents"} in the source: stored after the parent, so seq differs from the source order there`,
    );
}
