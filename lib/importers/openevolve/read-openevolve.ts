// OpenEvolve checkpoints (ProgramDatabase.save): checkpoint_N/programs/<id>.json, metadata.json,
// best_program_info.json. Programs are read twice, never all held at once: a light first pass
// orders them (parents before children), the second builds each trial and its diff.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { LineageError } from "../../domain/errors";
import { diffText } from "../code-diff";
import type { Importer, TrialDraft } from "../plan";
import type { ReportCollector } from "../report";
import { isoTime, oneLine, slug } from "../text";
import { renderPrompts } from "./prompts";
import { readEvolutionTrace } from "./read-trace";

type Program = Record<string, unknown>;
type Light = { id: string; file: string; timestamp: number; iteration: number };

export const importOpenevolve: Importer = (path, options) => {
  const checkpoint = locateCheckpoint(path);
  const programsDir = join(checkpoint, "programs");
  const files = readdirSync(programsDir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => join(programsDir, f));
  const name = sourceName(checkpoint);
  const meta = readJson(join(checkpoint, "metadata.json"));
  const best = readJson(join(checkpoint, "best_program_info.json"));
  const extraFiles = ["metadata.json", "best_program_info.json", "evolution_trace.jsonl"].map((f) => join(checkpoint, f)).filter(existsSync);
  const metric = options.metric ?? "combined_score";
  return {
    sourceName: name,
    root: checkpoint,
    files: [...files, ...extraFiles],
    task: { id: `openevolve-${slug(name)}`, name, metric: { name: metric, direction: options.maximize === false ? "minimize" : "maximize" } },
    run: {
      kind: "headline",
      feedback: "lineage",
      config: {
        importedFrom: "openevolve",
        checkpoint: basename(checkpoint),
        lastIteration: (meta as { last_iteration?: unknown } | undefined)?.last_iteration ?? null,
        bestProgramId: (best as { id?: unknown } | undefined)?.id ?? null,
      },
    },
    trials: (report) => readPrograms(programsDir, files, metric, new Set(archiveOf(meta)), report, join(checkpoint, "evolution_trace.jsonl")),
  };
};

/** PATH may be a checkpoint_N folder, or a checkpoints/ folder (the latest checkpoint is taken). */
function locateCheckpoint(path: string): string {
  const dir = statSync(path).isDirectory() ? path : dirname(path);
  if (existsSync(join(dir, "programs"))) return dir;
  if (basename(dir) === "programs") return dirname(dir);
  const checkpoints = readdirSync(dir)
    .map((d) => /^checkpoint_(\d+)$/.exec(d))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]));
  if (checkpoints.length) return join(dir, checkpoints[0][0]);
  throw new LineageError("invalid_input", `no programs/ folder in ${dir} (give an OpenEvolve checkpoint_N folder)`);
}

function sourceName(checkpoint: string): string {
  const b = basename(checkpoint);
  if (!/^checkpoint_\d+$/.test(b)) return b;
  const up = dirname(checkpoint);
  return basename(up) === "checkpoints" ? basename(dirname(up)) || b : `${basename(up)}-${b}`;
}

function readJson(path: string): unknown {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

function archiveOf(meta: unknown): string[] {
  const a = (meta as { archive?: unknown } | undefined)?.archive;
  return Array.isArray(a) ? a.filter((x): x is string => typeof x === "string") : [];
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

function* readPrograms(dir: string, files: string[], metric: string, archive: Set<string>, report: ReportCollector, tracePath: string): Generator<TrialDraft> {
  const light: Light[] = [];
  const byId = new Map<string, string>();
  for (const file of files) {
    const p = parseProgram(file);
    if (!p) {
      light.push({ id: basename(file, ".json"), file, timestamp: Infinity, iteration: Infinity });
      continue;
    }
    const id = str(p.id) ?? basename(file, ".json");
    byId.set(id, file);
    light.push({ id, file, timestamp: num(p.timestamp) ?? Infinity, iteration: num(p.iteration_found) ?? Infinity });
  }
  light.sort((a, b) => a.timestamp - b.timestamp || a.iteration - b.iteration || a.id.localeCompare(b.id));

  for (const { id, file } of light) {
    const name = `programs/${basename(file)}`;
    report.row("programs/*.json");
    const p = parseProgram(file);
    if (!p) {
      report.malformed(name, 1, "not a valid program JSON object");
      yield {
        sourceId: id,
        file: name,
        line: 1,
        parents: [],
        fields: { hypothesis: "" },
        malformed: { reason: "not a valid program JSON object", raw: readFileSync(file, "utf8").slice(0, 20_000) },
      };
      continue;
    }
    yield toDraft(p, id, name, metric, archive, byId, report);
  }
  // Programs the search evicted before this checkpoint survive only in the evolution trace.
  if (existsSync(tracePath)) yield* readEvolutionTrace(tracePath, metric, new Set(byId.keys()), report);
}

function parseProgram(file: string): Program | undefined {
  try {
    const v = JSON.parse(readFileSync(file, "utf8"));
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Program) : undefined;
  } catch {
    return undefined;
  }
}

function toDraft(p: Program, id: string, file: string, metric: string, archive: Set<string>, byId: Map<string, string>, report: ReportCollector): TrialDraft {
  const metrics = (p.metrics && typeof p.metrics === "object" ? p.metrics : {}) as Record<string, unknown>;
  const meta = (p.metadata && typeof p.metadata === "object" ? p.metadata : {}) as Record<string, unknown>;
  const parent = str(p.parent_id);
  const error = metrics.error;
  const numbers: Record<string, number> = {};
  for (const [k, v] of Object.entries(metrics)) if (num(v) !== undefined && k !== metric) numbers[k] = v as number;
  const score = num(metrics[metric]);
  const problems: string[] = [];
  if (metrics[metric] !== undefined && score === undefined && !error) problems.push(`metrics.${metric} is not a number`);
  const failed = error !== undefined && error !== null && error !== false && error !== 0;
  const errorText = typeof error === "string" ? error : JSON.stringify(error);
  const ext = str(p.language) === "python" || !p.language ? "py" : slug(String(p.language), 10);
  const parentCode = parent && byId.has(parent) ? (str(parseProgram(byId.get(parent)!)?.code) ?? null) : null;
  const extra: Record<string, unknown> = {
    generation: p.generation,
    iterationFound: p.iteration_found,
    island: meta.island,
    ...(meta.migrant ? { migrant: true } : {}),
    ...(archive.has(id) ? { inArchive: true } : {}),
    ...(num(p.complexity) !== undefined ? { complexity: p.complexity } : {}),
    ...(num(p.diversity) !== undefined ? { diversity: p.diversity } : {}),
  };
  if (p.artifacts_json) extra.artifacts = String(typeof p.artifacts_json === "string" ? p.artifacts_json : JSON.stringify(p.artifacts_json)).slice(0, 50_000);
  if (parent && !byId.has(parent)) extra.parentNotInCheckpoint = parent;
  const draft: TrialDraft = {
    sourceId: id,
    file,
    line: 1,
    parents: parent ? [parent] : [],
    agent: meta.island !== undefined ? `island ${String(meta.island)}` : undefined,
    fields: {
      hypothesis: str(p.changes_description) ?? str(meta.changes) ?? "",
      diff: parent && parentCode === null ? undefined : diffText(`program.${ext}`, parentCode, str(p.code) ?? "") || undefined,
      ...(failed
        ? { failure: /timeout|timed out/i.test(errorText) ? ("budget_overrun" as const) : ("crash" as const), failureDetail: oneLine(errorText, 2000) }
        : { score }),
      metrics: numbers,
      context: renderPrompts(p.prompts),
      finishedAt: isoTime(num(p.timestamp)),
      extra,
    },
  };
  if (problems.length) {
    report.malformed(file, 1, problems.join("; "));
    draft.malformed = { reason: problems.join("; "), raw: JSON.stringify(metrics).slice(0, 20_000) };
  }
  return draft;
}
