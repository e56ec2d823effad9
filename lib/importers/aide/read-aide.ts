// AIDE's journal.json (WecoAI/aideml, aide/utils/serialize.py): {nodes, node2parent}. The plan is
// the hypothesis, the diff is computed from parent and child code, the analysis is the feedback,
// buggy nodes are failures (TimeoutError → budget_overrun, else crash), term output is the log.
import { readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { LineageError } from "../../domain/errors";
import { diffText } from "../code-diff";
import type { Importer, TrialDraft } from "../plan";
import type { ReportCollector } from "../report";
import { isoTime, oneLine, slug } from "../text";

type Node = Record<string, unknown>;
type Journal = { nodes: Node[]; node2parent: Record<string, string> };

export const importAide: Importer = (path, options) => {
  const file = statSync(path).isDirectory() ? join(path, "journal.json") : path;
  const journal = readJournal(file);
  const name = sourceName(file);
  const nodeDirection = journal.nodes.map((n) => (n.metric as { maximize?: unknown } | null)?.maximize).find((m) => typeof m === "boolean");
  const maximize = options.maximize ?? nodeDirection === true;
  return {
    sourceName: name,
    root: dirname(file),
    files: [file],
    task: { id: `aide-${slug(name)}`, name, metric: { name: options.metric ?? "metric", direction: maximize ? "maximize" : "minimize" } },
    run: {
      kind: "headline",
      feedback: "lineage",
      config: { importedFrom: "aide", source: basename(file), version: (journal as { __version?: unknown }).__version ?? null },
    },
    trials: (report) => readNodes(readJournal(file), basename(file), report),
  };
};

/** "OWNER__REPO__run__journal.json" → "OWNER__REPO__run"; a bare journal.json takes its folder's name. */
function sourceName(file: string): string {
  const stem = basename(file)
    .replace(/\.json$/i, "")
    .replace(/[_.-]*journal$/i, "");
  return stem || basename(dirname(file)) || "journal";
}

function readJournal(file: string): Journal {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new LineageError("invalid_input", `${basename(file)}: not valid JSON (${(e as Error).message})`);
  }
  const j = value as Partial<Journal>;
  if (!j || !Array.isArray(j.nodes)) throw new LineageError("invalid_input", `${basename(file)}: no "nodes" list (is this an AIDE journal.json?)`);
  return { nodes: j.nodes as Node[], node2parent: j.node2parent && typeof j.node2parent === "object" ? j.node2parent : {} };
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

function* readNodes(journal: Journal, file: string, report: ReportCollector): Generator<TrialDraft> {
  report.file(file);
  const nodes = [...journal.nodes].sort((a, b) => (num(a.step) ?? 0) - (num(b.step) ?? 0));
  const code = new Map<string, string>();
  const buggy = new Map<string, boolean>();
  for (const n of nodes) if (str(n.id)) code.set(n.id as string, str(n.code) ?? "");
  for (const n of nodes) if (str(n.id)) buggy.set(n.id as string, n.is_buggy === true);
  let index = 0;
  for (const n of nodes) {
    index++;
    report.row(file);
    const id = str(n.id);
    const problems: string[] = [];
    if (!id) problems.push("node without an id");
    const sourceId = id ?? `node-${index}`;
    const parent = journal.node2parent[sourceId] ?? str(n.parent_id) ?? str(n.parent);
    const metric = n.metric as { value?: unknown; maximize?: unknown } | null | undefined;
    const value = metric?.value;
    const isBuggy = n.is_buggy === true;
    if (!isBuggy && value !== null && value !== undefined && num(value) === undefined) problems.push("metric value is not a number");
    const excType = str(n.exc_type);
    const excArgs = (n.exc_info as { args?: unknown[] } | null)?.args;
    const stage = !parent ? "draft" : buggy.get(parent) ? "debug" : "improve";
    const extra: Record<string, unknown> = { step: n.step, stage, isBuggy };
    if (excType) extra.excType = excType;
    if (value !== null && value !== undefined && num(value) === undefined) extra.metricValue = JSON.stringify(value).slice(0, 20_000);
    const termOut = Array.isArray(n._term_out) ? n._term_out.filter((c) => typeof c === "string").join("") : str(n._term_out);
    const draft: TrialDraft = {
      sourceId,
      file,
      line: index,
      parents: parent ? [parent] : [],
      agent: "aide",
      fields: {
        hypothesis: str(n.plan) ?? "",
        diff: diffText("runfile.py", parent ? (code.get(parent) ?? null) : null, str(n.code) ?? "") || undefined,
        ...(isBuggy
          ? {
              failure: excType === "TimeoutError" ? ("budget_overrun" as const) : ("crash" as const),
              failureDetail: excType ? oneLine(`${excType}: ${excArgs?.[0] ?? ""}`, 2000) : "buggy: the code ran but produced no valid result",
            }
          : { score: num(value) }),
        feedback: str(n.analysis) || undefined,
        log: termOut || undefined,
        wallclockSeconds: num(n.exec_time) !== undefined && (n.exec_time as number) >= 0 ? (n.exec_time as number) : undefined,
        startedAt: isoTime(num(n.ctime)),
        extra,
      },
    };
    if (problems.length) {
      report.malformed(file, index, problems.join("; "));
      draft.malformed = { reason: problems.join("; "), raw: JSON.stringify({ id: n.id, step: n.step, metric: n.metric }).slice(0, 2000) };
    }
    yield draft;
  }
}
