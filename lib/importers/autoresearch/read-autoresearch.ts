// autoresearch's results.tsv (karpathy/autoresearch program.md, and what real logs made of it):
// one row per experiment; the first row is the baseline, each row's parent is the latest earlier
// keep, a keep advances the branch, a crash is a failure with no score.
import { existsSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { LineageError } from "../../domain/errors";
import type { Importer, TrialDraft } from "../plan";
import type { ReportCollector } from "../report";
import { openTsv, type Tsv, type TsvRow } from "../tsv";
import { isoTime, parseCell, slug } from "../text";
import { readColumns, type Columns } from "./columns";
import { chooseDirection } from "./direction";
import { GitDiffs } from "./git-diffs";

const KNOWN = new Set(["keep", "discard", "crash"]);

export const importAutoresearch: Importer = (path, options) => {
  const file = statSync(path).isDirectory() ? join(path, "results.tsv") : path;
  if (!existsSync(file)) throw new LineageError("invalid_input", `no results.tsv in ${path}`);
  const tsv = openTsv(file);
  if (tsv.header.length === 0) throw new LineageError("invalid_input", `${basename(file)} is empty`);
  const cols = readColumns(tsv, options.metric);
  const name = sourceName(file);
  const metric = tsv.header[cols.metric];
  const choice = chooseDirection(metric, keepScores(tsv, cols), options.maximize);
  return {
    sourceName: name,
    root: dirname(file),
    files: [file],
    task: { id: `autoresearch-${slug(name)}`, name, metric: { name: metric.slice(0, 500), direction: choice.direction } },
    run: { kind: "headline", feedback: "lineage", config: { importedFrom: "autoresearch", source: basename(file), metricColumn: metric } },
    trials: (report) => {
      report.note(`direction: ${metric} is ${choice.direction}d because ${choice.why}`);
      return readRows(tsv, cols, basename(file), new GitDiffs(options.repo), report);
    },
  };
};

const statusOf = (row: TsvRow, cols: Columns) =>
  (row.ok ? (row.fields[cols.status] ?? "") : (row.fields.map((f) => f.trim()).find((f) => KNOWN.has(f.toLowerCase())) ?? row.fields[cols.status] ?? ""))
    .trim()
    .toLowerCase();

/** The metric of every keep row in order (the first row counts as the baseline keep). */
function keepScores(tsv: Tsv, cols: Columns): number[] {
  const out: number[] = [];
  let first = true;
  for (const row of tsv.rows()) {
    const c = parseCell(row.fields[cols.metric]);
    if ((first || statusOf(row, cols) === "keep") && c.kind === "number") out.push(c.value);
    first = false;
  }
  return out;
}

/** "OWNER__REPO__results.tsv" → "OWNER__REPO"; a bare results.tsv takes its folder's name. */
function sourceName(file: string): string {
  const stem = basename(file)
    .replace(/\.tsv$/i, "")
    .replace(/[_.-]*results$/i, "");
  return stem || basename(dirname(file)) || "results";
}

function scoreOf(row: TsvRow, cols: Columns): number | undefined {
  const c = parseCell(row.fields[cols.metric]);
  return c.kind === "number" ? c.value : undefined;
}

function* readRows(tsv: Tsv, cols: Columns, file: string, git: GitDiffs, report: ReportCollector): Generator<TrialDraft> {
  report.file(file);
  let position = 0;
  let branch: string | undefined; // source id of the latest keep (or the baseline)
  let sentinels = 0;
  for (const row of tsv.rows()) {
    report.row(file);
    position++;
    const cell = (i: number) => (i >= 0 ? (row.fields[i] ?? "").trim() : "");
    const rawId = cell(cols.id) || `row${position}`;
    const sourceId = `r${position}-${rawId}`;
    const word = row.ok ? cell(cols.status) : (row.fields.map((f) => f.trim()).find((f) => KNOWN.has(f.toLowerCase())) ?? cell(cols.status));
    const status = word.toLowerCase();
    const sentinel = status !== "keep" && status !== "crash" && scoreOf(row, cols) === 0;
    const problems: string[] = [];
    if (!row.ok) problems.push(`${row.fields.length} fields where the header has ${tsv.header.length}`);

    const metrics: Record<string, number> = {};
    const text: Record<string, string> = {};
    tsv.header.forEach((h, i) => {
      if (i === cols.id || i === cols.status || i === cols.description || i === cols.metric || !row.ok) return;
      const c = parseCell(row.fields[i]);
      if (c.kind === "number") metrics[h] = c.value;
      else if (c.kind === "bad" && cols.numeric.has(i)) problems.push(`${h}=${JSON.stringify(c.raw)} is not a number`);
      else if (c.kind === "bad") text[h] = c.raw;
    });
    const scoreCell = parseCell(row.ok || cols.metric < row.fields.length ? row.fields[cols.metric] : undefined);
    if (scoreCell.kind === "bad" && status !== "crash") problems.push(`${tsv.header[cols.metric]}=${JSON.stringify(scoreCell.raw)} is not a number`);

    const extra: Record<string, unknown> = { status: word, commit: rawId };
    if (Object.keys(text).length) extra.columns = text;
    if (status === "crash" && scoreCell.kind !== "empty") extra.rawScore = scoreCell.kind === "number" ? scoreCell.value : scoreCell.raw;
    // autoresearch logs 0.000000 for a run with no result; on a row that is not a keep it is no score.
    if (sentinel) {
      extra.rawScore = 0;
      extra.noScore = "the metric is exactly 0 on a row that is not a keep: autoresearch's no-result sentinel";
      sentinels++;
    }
    if (word && !KNOWN.has(status)) report.unknownStatus(file, row.line, word);
    if (!word) problems.push("no status");

    const parents = position === 1 || !branch ? [] : [branch];
    const diff = git.diffOf(rawId);
    const draft: TrialDraft = {
      sourceId,
      file,
      line: row.line,
      parents,
      fields: {
        hypothesis: cols.description >= 0 ? (row.fields[cols.description] ?? "") : "",
        kept: status === "keep",
        ...(status === "crash" ? { failure: "crash" as const } : { score: scoreCell.kind === "number" && !sentinel ? scoreCell.value : undefined }),
        metrics,
        diff,
        finishedAt: isoTime(cell(cols.timestamp)),
        extra: cols.timestamp >= 0 && cell(cols.timestamp) ? { ...extra, timestamp: cell(cols.timestamp) } : extra,
      },
    };
    if (problems.length) {
      report.malformed(file, row.line, problems.join("; "));
      draft.malformed = { reason: problems.join("; "), raw: row.raw };
    }
    if (position === 1 || status === "keep") branch = sourceId;
    yield draft;
  }
  if (sentinels)
    report.note(
      `${sentinels} row${sentinels === 1 ? "" : "s"} that ${sentinels === 1 ? "is" : "are"} not a keep carr${sentinels === 1 ? "ies" : "y"} a metric of exactly 0 (autoresearch's "0.000000 for crashes" sentinel): no score, the raw value kept in extra.rawScore`,
    );
  if (git.found + git.missing > 0) report.note(`--repo: diffs found for ${git.found} of ${git.found + git.missing} commit ids`);
  else report.note("no --repo given: trials carry no diff");
}
