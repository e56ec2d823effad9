// OpenEvolve's evolution_trace.jsonl (EvolutionTrace records: iteration, timestamp, parent_id,
// child_id, parent_metrics, child_metrics, code_diff?, child_code?, parent_code?, prompt?,
// llm_response?, island_id?, generation?, improvement_delta?, metadata?). The checkpoint keeps only
// the programs that survived; the trace adds every child it does not hold, so evicted steps of a
// lineage come back as real trials instead of placeholders. Read line by line, never whole.
import { readLinesSync } from "../read-lines";
import { diffText } from "../code-diff";
import type { TrialDraft } from "../plan";
import type { ReportCollector } from "../report";
import { isoTime, oneLine } from "../text";

const FILE = "evolution_trace.jsonl";
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const obj = (v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function promptText(prompt: unknown, response: unknown): string | undefined {
  const parts: string[] = [];
  if (typeof prompt === "string") parts.push(prompt);
  else if (prompt && typeof prompt === "object") {
    for (const [k, v] of Object.entries(prompt as Record<string, unknown>)) parts.push(`=== ${k} ===\n${typeof v === "string" ? v : JSON.stringify(v)}`);
  }
  if (typeof response === "string") parts.push(`=== response ===\n${response}`);
  return parts.length ? parts.join("\n\n") : undefined;
}

function traceDraft(e: Record<string, unknown>, childId: string, line: number, metric: string): TrialDraft {
  const metrics = obj(e.child_metrics);
  const meta = obj(e.metadata);
  const numbers: Record<string, number> = {};
  for (const [k, v] of Object.entries(metrics)) if (num(v) !== undefined && k !== metric) numbers[k] = v as number;
  const error = metrics.error;
  const failed = error !== undefined && error !== null && error !== false && error !== 0;
  const errorText = typeof error === "string" ? error : JSON.stringify(error);
  const parent = str(e.parent_id);
  const diff =
    str(e.code_diff) ?? (str(e.child_code) !== undefined ? diffText("program.py", str(e.parent_code) ?? null, str(e.child_code)!) || undefined : undefined);
  return {
    sourceId: childId,
    file: FILE,
    line,
    parents: parent ? [parent] : [],
    agent: e.island_id !== undefined && e.island_id !== null ? `island ${String(e.island_id)}` : undefined,
    fields: {
      hypothesis: str(meta.changes) ?? str(e.changes_description) ?? "",
      diff,
      ...(failed
        ? { failure: /timeout|timed out/i.test(errorText) ? ("budget_overrun" as const) : ("crash" as const), failureDetail: oneLine(errorText, 2000) }
        : { score: num(metrics[metric]) }),
      metrics: numbers,
      context: promptText(e.prompt, e.llm_response),
      finishedAt: isoTime(num(e.timestamp)),
      extra: { fromEvolutionTrace: true, iteration: e.iteration, generation: e.generation, improvementDelta: e.improvement_delta },
    },
  };
}

/** Trials for the trace's children that the checkpoint does not hold (each child once). */
export function* readEvolutionTrace(path: string, metric: string, inCheckpoint: Set<string>, report: ReportCollector): Generator<TrialDraft> {
  const seen = new Set(inCheckpoint);
  let line = 0;
  for (const text of readLinesSync(path)) {
    line++;
    if (text.trim() === "") continue;
    report.row(FILE);
    let entry: Record<string, unknown>;
    try {
      entry = obj(JSON.parse(text));
    } catch {
      report.malformed(FILE, line, "not a JSON object");
      yield {
        sourceId: `trace-line-${line}`,
        file: FILE,
        line,
        parents: [],
        fields: { hypothesis: "" },
        malformed: { reason: "not a JSON object", raw: text.slice(0, 20_000) },
      };
      continue;
    }
    const childId = str(entry.child_id);
    if (!childId) {
      report.malformed(FILE, line, "no child_id");
      yield {
        sourceId: `trace-line-${line}`,
        file: FILE,
        line,
        parents: [],
        fields: { hypothesis: "" },
        malformed: { reason: "no child_id", raw: text.slice(0, 20_000) },
      };
      continue;
    }
    if (seen.has(childId)) continue; // the checkpoint's own record of this program is fuller
    seen.add(childId);
    yield traceDraft(entry, childId, line, metric);
  }
}
