// ShinkaEvolve's program database (SakanaAI/ShinkaEvolve shinka/database/dbase.py), opened
// read-only: table programs (JSON in TEXT columns) and, when present, the failed proposals of
// attempt_log. Rows stream from SQLite; nothing is loaded whole. The file is foreign: only plain
// tables are read (see foreign-db.ts), and every SQLite failure becomes a refusal naming the file.
import type Database from "better-sqlite3";
import { existsSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { LineageError } from "../../domain/errors";
import { diffText } from "../code-diff";
import type { Importer, TrialDraft } from "../plan";
import type { ReportCollector } from "../report";
import { isoTime, oneLine, slug } from "../text";
import { checkPlainTables, openForeignDb, refusal } from "./foreign-db";

/** What the reader needs of each table: its columns used by name in SQL (the rest are optional). */
const PROGRAMS = { name: "programs", columns: ["id", "parent_id", "code"] };
const ATTEMPT_LOG = { name: "attempt_log", columns: ["status"] };

type Row = Record<string, unknown>;

export const importShinka: Importer = (path, options) => {
  const file = locate(path);
  const metric = options.metric ?? "combined_score";
  withDb(file, (db) => checkPlainTables(db, basename(file), [PROGRAMS], [ATTEMPT_LOG]));
  const name =
    basename(file) === "programs.sqlite" || basename(file) === "evolution_db.sqlite"
      ? basename(dirname(file)) || "shinka"
      : basename(file).replace(/\.(sqlite3?|db)$/i, "");
  return {
    sourceName: name,
    root: dirname(file),
    files: [file],
    task: { id: `shinka-${slug(name)}`, name, metric: { name: metric, direction: options.maximize === false ? "minimize" : "maximize" } },
    run: { kind: "headline", feedback: "lineage", config: { importedFrom: "shinka", source: basename(file) } },
    trials: (report) => readDb(file, metric, report),
  };
};

function locate(path: string): string {
  if (!statSync(path).isDirectory()) return path;
  const found = ["programs.sqlite", "evolution_db.sqlite"].map((f) => join(path, f)).find(existsSync);
  if (!found) throw new LineageError("invalid_input", `no programs.sqlite or evolution_db.sqlite in ${path}`);
  return found;
}

function withDb<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = openForeignDb(file);
  try {
    return fn(db);
  } catch (e) {
    throw refusal(basename(file), e);
  } finally {
    db.close();
  }
}

function tableColumns(db: Database.Database, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name);
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

function json(v: unknown): unknown {
  if (typeof v !== "string" || v === "") return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

function numbersOf(v: unknown, prefix = ""): Record<string, number> {
  const out: Record<string, number> = {};
  if (v && typeof v === "object" && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) if (num(x) !== undefined) out[prefix + k] = x as number;
  return out;
}

const ids = (v: unknown): string[] => {
  const a = json(v);
  return Array.isArray(a) ? a.filter((x): x is string => typeof x === "string") : [];
};

function* readDb(file: string, metric: string, report: ReportCollector): Generator<TrialDraft> {
  const db = openForeignDb(file);
  // Rows are read lazily between yields: a damaged page deep in the file surfaces here, as a refusal.
  const read = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      throw refusal(basename(file), e);
    }
  };
  try {
    const hasAttempts = read(() => checkPlainTables(db, basename(file), [PROGRAMS], [ATTEMPT_LOG]).has("attempt_log"));
    const cols = new Set(read(() => tableColumns(db, "programs")));
    const order = ["generation", "timestamp"]
      .filter((c) => cols.has(c))
      .concat("rowid")
      .join(", ");
    const codeOf = read(() => db.prepare(`SELECT code FROM programs WHERE id = ?`).pluck());
    report.file("programs");
    let n = 0;
    const programs = read(() => db.prepare(`SELECT rowid AS _rowid, * FROM programs ORDER BY ${order}`).iterate() as Iterator<Row>);
    for (let next = read(() => programs.next()); !next.done; next = read(() => programs.next())) {
      n++;
      report.row("programs");
      const row = next.value;
      yield read(() => programDraft(row, metric, (id) => str(codeOf.get(id)) ?? null, report));
    }
    if (hasAttempts) {
      report.file("attempt_log");
      const failed = read(() => db.prepare(`SELECT rowid AS _rowid, * FROM attempt_log WHERE status = 'failed' ORDER BY rowid`).iterate() as Iterator<Row>);
      for (let next = read(() => failed.next()); !next.done; next = read(() => failed.next())) {
        report.row("attempt_log");
        yield attemptDraft(next.value);
      }
    } else report.note("no attempt_log table: failed proposals are not in this database");
    if (n === 0) report.note("the programs table is empty");
  } finally {
    db.close();
  }
}

function programDraft(row: Row, metric: string, codeOf: (id: string) => string | null, report: ReportCollector): TrialDraft {
  const id = str(row.id) ?? `rowid-${row._rowid}`;
  const meta = (json(row.metadata) ?? {}) as Record<string, unknown>;
  const parent = str(row.parent_id);
  const correct = row.correct === undefined || row.correct === null ? true : Number(row.correct) !== 0;
  const rawScore = row[metric] !== undefined ? row[metric] : (json(row.public_metrics) as Record<string, unknown> | undefined)?.[metric];
  const score = num(rawScore);
  const problems: string[] = [];
  if (!str(row.id)) problems.push("program without an id");
  for (const c of ["public_metrics", "private_metrics", "metadata"]) if (str(row[c]) && json(row[c]) === undefined) problems.push(`${c} is not valid JSON`);
  const hypothesis = [str(meta.patch_name), str(meta.patch_description)].filter(Boolean).join(": ");
  let diff = str(row.code_diff);
  if (!diff && parent && str(row.code)) diff = diffText("main.py", codeOf(parent), str(row.code)!) || undefined;
  const feedback = str(row.text_feedback);
  const extra: Record<string, unknown> = {
    generation: row.generation,
    ...(row.island_idx !== undefined && row.island_idx !== null ? { island: row.island_idx } : {}),
    ...(str(meta.patch_type) ? { patchType: meta.patch_type } : {}),
    ...(str(meta.model_name) ? { model: meta.model_name } : {}),
    ...(num(row.complexity) !== undefined ? { complexity: row.complexity } : {}),
    correct,
  };
  const draft: TrialDraft = {
    sourceId: id,
    file: "programs",
    line: Number(row._rowid),
    parents: parent ? [parent] : [],
    contextRefs: [...ids(row.archive_inspiration_ids), ...ids(row.top_k_inspiration_ids)],
    agent: row.island_idx !== undefined && row.island_idx !== null ? `island ${String(row.island_idx)}` : undefined,
    fields: {
      hypothesis,
      diff,
      ...(correct ? { score } : { failure: "crash" as const, failureDetail: oneLine(feedback ?? "incorrect: the program failed its validation", 2000) }),
      metrics: { ...numbersOf(json(row.public_metrics)), ...numbersOf(json(row.private_metrics), "private.") },
      feedback,
      finishedAt: isoTime(num(row.timestamp)),
      extra,
    },
  };
  if (correct && rawScore !== undefined && rawScore !== null && score === undefined) problems.push(`${metric} is not a number`);
  if (problems.length) {
    report.malformed("programs", draft.line, problems.join("; "));
    draft.malformed = { reason: problems.join("; "), raw: JSON.stringify({ ...row, code: undefined, embedding: undefined }).slice(0, 20_000) };
  }
  return draft;
}

/** A failed proposal: its patch did not apply, or its result was unusable, by its failure_class. */
function attemptDraft(row: Row): TrialDraft {
  const cls = str(row.failure_class) ?? "unknown";
  const meta = (json(row.metadata) ?? {}) as Record<string, unknown>;
  const message = str(row.error) ?? str(row.error_message) ?? str(row.message) ?? str(row.reason) ?? "";
  const hypothesis = [str(row.patch_name) ?? str(meta.patch_name), str(row.patch_description) ?? str(meta.patch_description)].filter(Boolean).join(": ");
  return {
    sourceId: `attempt-${str(row.id) ?? String(row.attempt_id ?? row._rowid)}`,
    file: "attempt_log",
    line: Number(row._rowid),
    parents: str(row.parent_id) ? [str(row.parent_id)!] : [],
    fields: {
      hypothesis,
      failure: /patch|apply|diff|edit|parse|syntax|format/i.test(cls) ? "patch_failure" : "invalid_result",
      failureDetail: oneLine(message ? `${cls}: ${message}` : cls, 2000),
      finishedAt: isoTime(num(row.timestamp) ?? str(row.timestamp)),
      extra: { failureClass: cls, generation: row.generation, attempt: true },
    },
  };
}
