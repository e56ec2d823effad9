// The recipes format (../shared/fixtures/auto-research-recipes/SOURCES.md): blackboard/results.tsv
// one row per trial, tree.tsv, best.json, optional snapshots/<exp_id>_<role>/.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { LineageError } from "../../domain/errors";
import type { Importer, TrialDraft, TrialFields } from "../plan";
import type { ReportCollector } from "../report";
import { openTsv, type TsvRow } from "../tsv";
import { cellNumber, isoTime, parseCell } from "../text";
import { locateRecipes, snapshotFiles } from "./locate";
import { detectScoreBlock, type ScoreBlock } from "./score-block";
import { isRecipeStatus, RECIPE_STATUSES } from "./statuses";
import { readTree, type TreeEntry } from "./tree";
import { diffDirs } from "../code-diff";
import { recipesArm, stateFolder } from "./arm";
import { ExpIds } from "./exp-ids";
import { safeFolder } from "./safe-path";

/** Columns with a field of their own; every other numeric column goes into metrics. */
const OWN_COLUMNS = new Set([
  "exp_id",
  "timestamp",
  "specialist",
  "parent_exp",
  "baseline_exp",
  "domain",
  "hypothesis",
  "expected_delta",
  "status",
  "job_name",
  "snapshot_path",
  "notes",
]);

export const importRecipes: Importer = (path, options) => {
  const layout = locateRecipes(path);
  const tsv = openTsv(layout.results);
  for (const col of ["exp_id", "status"]) {
    if (!tsv.header.includes(col)) throw new LineageError("invalid_input", `results.tsv: no ${col} column in its header (is this a recipes blackboard?)`);
  }
  const block = detectScoreBlock(tsv.header, layout.name, options);
  const best = layout.best ? readBest(layout.best) : undefined;
  const arm = recipesArm(layout.name, stateFolder(layout.knowledge));
  return {
    sourceName: layout.name,
    root: layout.board,
    files: [layout.results, layout.tree, layout.best, layout.knowledge, layout.leaderboard, ...snapshotFiles(layout.snapshots)].filter((f): f is string =>
      Boolean(f),
    ),
    task: block.task,
    run: {
      kind: arm.kind,
      feedback: arm.feedback,
      config: {
        importedFrom: "auto-research-recipes",
        source: layout.name,
        scoreColumn: block.scoreColumn,
        ...(best ? { bestExpId: best } : {}),
        ...blackboardDocuments(layout),
      },
    },
    trials: (report) => {
      report.note(`arm: ${arm.kind}, feedback ${arm.feedback} (${arm.why})`);
      return readRows(layout, tsv, block, report);
    },
  };
};

/** The exp_id of every row, read once before the rows themselves, so references resolve both ways. */
function rowIds(tsv: ReturnType<typeof openTsv>): ExpIds {
  const ids = new ExpIds();
  const at = tsv.header.indexOf("exp_id");
  for (const row of tsv.rows()) ids.add(row.ok ? row.fields[at].trim() : malformedId(row));
  return ids;
}

const malformedId = (row: TsvRow) => /^\s*"?([0-9A-Za-z_.-]+)/.exec(row.raw)?.[1] ?? `line-${row.line}`;

/** Characters of each blackboard document kept with the run (the released ones are under 10 KB). */
const DOCUMENT_CHARS = 200_000;

/** KNOWLEDGE.md and LEADERBOARD.md, the summaries the agents read: kept with the run as text (issue 10 §10). */
function blackboardDocuments(layout: ReturnType<typeof locateRecipes>): { blackboard?: Record<string, string>; blackboardCut?: string[] } {
  const docs: Record<string, string> = {};
  const cut: string[] = [];
  for (const [name, path] of [
    ["KNOWLEDGE.md", layout.knowledge],
    ["LEADERBOARD.md", layout.leaderboard],
  ] as const) {
    if (!path) continue;
    const text = readFileSync(path, "utf8");
    if (text.length > DOCUMENT_CHARS) cut.push(name);
    docs[name] = text.slice(0, DOCUMENT_CHARS);
  }
  if (!Object.keys(docs).length) return {};
  return cut.length ? { blackboard: docs, blackboardCut: cut } : { blackboard: docs };
}

function readBest(path: string): string | undefined {
  try {
    const v = JSON.parse(readFileSync(path, "utf8")) as { exp_id?: unknown };
    return typeof v.exp_id === "string" ? v.exp_id : undefined;
  } catch {
    return undefined;
  }
}

function* readRows(
  layout: ReturnType<typeof locateRecipes>,
  tsv: ReturnType<typeof openTsv>,
  block: ScoreBlock,
  report: ReportCollector,
): Generator<TrialDraft> {
  const file = "results.tsv";
  report.file(file);
  const tree = readTree(layout.tree);
  const idx = (name: string) => tsv.header.indexOf(name);
  const snapshots = new Snapshots(layout);
  if (!layout.snapshots) report.note("no snapshots/ folder: trials carry no code or diff");
  const ids = rowIds(tsv);
  let respelled = 0;
  for (const row of tsv.rows()) {
    report.row(file);
    const draft = row.ok ? wellFormed(row, tsv.header, idx, block, report) : malformed(row, tsv.header, tree, block, report);
    // parent_exp / baseline_exp as "NNN" or "exp_NNN": one id per row; a placeholder only when absent.
    const written = draft.parents[0];
    const parent = ids.resolve(written);
    draft.parents = parent ? [parent] : [];
    if (parent && !ids.has(parent)) draft.absentParents = [parent];
    const extra = (draft.fields.extra ??= {});
    if (written !== undefined && written !== parent) {
      extra.parentExpAsWritten = written;
      respelled++;
    }
    if (typeof extra.baselineExp === "string") {
      const b = ids.resolve(extra.baselineExp)!;
      if (b !== extra.baselineExp) extra.baselineExpAsWritten = extra.baselineExp;
      extra.baselineExp = b;
    }
    const diff = snapshots.diffFor(
      draft,
      row.ok ? row.fields[idx("snapshot_path")] : undefined,
      `${file}:${row.line} (exp_id ${JSON.stringify(draft.sourceId)})`,
    );
    if (diff) draft.fields.diff = diff;
    yield draft;
  }
  if (respelled)
    report.note(
      `${respelled} parent reference${respelled === 1 ? "" : "s"} written as "exp_NNN" or with other zero-padding resolved to the row of that exp_id`,
    );
}

function outcome(
  status: string,
  row: TsvRow,
  block: ScoreBlock,
  score: number | undefined,
  get: (c: string) => string | undefined,
  report: ReportCollector,
): Pick<TrialFields, "kept" | "failure" | "failureDetail" | "score"> {
  if (!isRecipeStatus(status)) {
    report.unknownStatus("results.tsv", row.line, status);
    return { kept: false, score };
  }
  const o = RECIPE_STATUSES[status];
  if (!o.failure) return { kept: o.kept, score };
  let detail = o.detail;
  if (o.failure === "gate_miss" && block.gate) {
    const v = cellNumber(get(block.gate.metric));
    detail = `${block.gate.metric} ${v ?? "?"} below the ${block.gate.value} gate`;
  } else if (o.failure === "size_failure") {
    const bytes = cellNumber(get("artifact_bytes"));
    detail = bytes !== undefined ? `artifact ${bytes} bytes over the cap` : "artifact over the size cap";
  }
  return { kept: false, failure: o.failure, failureDetail: detail, score: null };
}

function wellFormed(row: TsvRow, header: string[], idx: (n: string) => number, block: ScoreBlock, report: ReportCollector): TrialDraft {
  const get = (c: string) => (idx(c) >= 0 ? row.fields[idx(c)]?.trim() : undefined);
  const status = get("status") ?? "";
  const metrics: Record<string, number> = {};
  const extra: Record<string, unknown> = { status };
  const bad: string[] = [];
  header.forEach((h, i) => {
    if (OWN_COLUMNS.has(h)) return;
    const c = parseCell(row.fields[i]);
    if (c.kind === "number") metrics[h] = c.value;
    else if (c.kind === "bad") bad.push(`${h}=${JSON.stringify(c.raw)}`);
  });
  const scoreCell = parseCell(get(block.scoreColumn));
  const score = scoreCell.kind === "number" ? scoreCell.value : undefined;
  if (!(block.scoreColumn in metrics) || score === undefined) delete metrics[block.scoreColumn];
  const o = outcome(status, row, block, score, get, report);
  if (o.failure == null && score !== undefined) delete metrics[block.scoreColumn];
  for (const [k, v] of [
    ["baselineExp", get("baseline_exp")],
    ["jobName", get("job_name")],
    ["snapshotPath", get("snapshot_path")],
    ["timestamp", get("timestamp")],
  ] as const) {
    if (v) extra[k] = v;
  }
  // notes: the agent's own account of what it changed (with no snapshots, the only one there is).
  const notes = idx("notes") >= 0 ? row.fields[idx("notes")] : undefined;
  if (notes?.trim()) extra.agentNotes = notes;
  const time = isoTime(get("timestamp"));
  const draft: TrialDraft = {
    sourceId: get("exp_id")!,
    file: "results.tsv",
    line: row.line,
    parents: get("parent_exp") ? [get("parent_exp")!] : [],
    agent: status === "baseline" ? undefined : get("specialist") || undefined,
    fields: {
      hypothesis: row.fields[idx("hypothesis")] ?? "",
      domain: get("domain") || undefined,
      expectedDelta: cellNumber(get("expected_delta")),
      ...o,
      metrics,
      artifactBytes: intOrUndefined(cellNumber(get("artifact_bytes"))),
      wallclockSeconds: nonNegative(cellNumber(get("total_s"))),
      finishedAt: time,
      extra,
    },
  };
  if (bad.length) {
    report.malformed("results.tsv", row.line, `not a number: ${bad.join(", ")}`);
    draft.malformed = { reason: `not a number: ${bad.join(", ")}`, raw: row.raw };
  }
  return draft;
}

const intOrUndefined = (n: number | undefined) => (n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined);
const nonNegative = (n: number | undefined) => (n !== undefined && n >= 0 ? n : undefined);

/** A row with too few or too many fields: id, status and score recovered by pattern, the rest from tree.tsv. */
function malformed(row: TsvRow, header: string[], tree: Map<string, TreeEntry>, block: ScoreBlock, report: ReportCollector): TrialDraft {
  const reason = `${row.fields.length} fields where the header has ${header.length}`;
  report.malformed("results.tsv", row.line, reason);
  const id = malformedId(row);
  const known = tree.get(id) ?? {};
  const cells = row.fields.map((f) => f.trim());
  const statusAt = cells.findIndex((c, i) => i > 0 && isRecipeStatus(c));
  const status =
    statusAt >= 0
      ? cells[statusAt]
      : (known.status ??
        /\b(keep|discard|baseline|crash|preflight_crash|size_blocked|train_budget_overrun|eval_budget_overrun|disqualified|harness_abort)\b/.exec(
          row.raw,
        )?.[1] ??
        "");
  const score = statusAt >= 0 ? cellNumber(cells[statusAt + 1]) : cellNumber(known.score);
  const time = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/.exec(row.raw)?.[0];
  const parent = known.parent ?? (/^(?:exp[_-]?)?\d+$/i.test(cells[3] ?? "") ? cells[3] : undefined);
  const o = status ? outcome(status, row, block, score, () => undefined, report) : { kept: false, score };
  return {
    sourceId: id,
    file: "results.tsv",
    line: row.line,
    parents: parent ? [parent] : [],
    agent: known.specialist ?? (cells[2] || undefined),
    fields: { hypothesis: known.hypothesis ?? cells[6] ?? "", ...o, finishedAt: time, extra: { status: status || "(not found)" } },
    malformed: { reason, raw: row.raw },
  };
}

/** Snapshot folders of kept trials: each one's diff is taken against its nearest ancestor's snapshot. */
class Snapshots {
  private readonly parentOf = new Map<string, string | undefined>();
  private readonly dirOf = new Map<string, string>();
  constructor(private readonly layout: ReturnType<typeof locateRecipes>) {}

  diffFor(d: TrialDraft, snapshotPath: string | undefined, where: string): string | undefined {
    this.parentOf.set(d.sourceId, d.parents[0]);
    if (!this.layout.snapshots) return undefined;
    const dir = this.find(d, snapshotPath?.trim(), where);
    if (!dir) return undefined;
    this.dirOf.set(d.sourceId, dir);
    let base: string | undefined;
    for (let p: string | undefined = d.parents[0], hops = 0; p !== undefined && hops < 100_000; p = this.parentOf.get(p), hops++) {
      base = this.dirOf.get(p);
      if (base) break;
    }
    (d.fields.extra ??= {}).snapshot = relative(this.layout.runDir, dir);
    return diffDirs(base ?? null, dir) || undefined;
  }

  /** The row's snapshot folder: its snapshot_path, else snapshots/<exp_id>_<specialist> or snapshots/<exp_id>; each checked by safeFolder. */
  private find(d: TrialDraft, snapshotPath: string | undefined, where: string): string | undefined {
    const { board, runDir, snapshots } = this.layout;
    const rel = (p: string) => relative(runDir, p);
    // A path the row writes stays inside the run folder; one made from its exp_id inside snapshots/.
    for (const c of snapshotPath ? [join(rel(board), snapshotPath), snapshotPath] : []) {
      const dir = safeFolder(runDir, c, where);
      if (dir) return dir;
    }
    for (const c of [`${d.sourceId}_${d.agent ?? ""}`, d.sourceId]) {
      const dir = safeFolder(snapshots!, c, where, runDir);
      if (dir) return dir;
    }
    return undefined;
  }
}
