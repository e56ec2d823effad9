// Parsing a lineage-trace/1 JSONL stream into validated records, each with its line number.
// The first bad line stops the parse with an error naming the line and the field path.
import type { z } from "zod";
import { LineageError } from "./errors";
import { TraceRecord } from "./trace";

export type ParsedLine = { line: number; record: TraceRecord };

/** JSON deeper than this is refused: no record of the format needs it, and recursion on it could overflow. */
const MAX_DEPTH = 64;

function depthExceeds(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (d > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return false;
}

type WellFormedString = string & { isWellFormed(): boolean; toWellFormed(): string };
const wellFormed = (s: string) => ((s as WellFormedString).isWellFormed() ? s : (s as WellFormedString).toWellFormed());

function isWellFormedText(value: unknown): boolean {
  if (typeof value === "string") return (value as WellFormedString).isWellFormed(); // at once for a one-byte string
  if (value === null || typeof value !== "object") return true;
  if (Array.isArray(value)) return value.every(isWellFormedText);
  return Object.entries(value).every(([k, v]) => isWellFormedText(k) && isWellFormedText(v));
}

/**
 * Lone surrogates replaced by U+FFFD, in keys and values, as storing the text as UTF-8 would replace
 * them anyway: a trial is hashed as it is stored, so its chain verifies from the database later.
 * (Python's json.dumps writes a crash log's undecodable bytes as such escapes.)
 */
function withWellFormedText(value: unknown): unknown {
  if (typeof value === "string") return wellFormed(value);
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(withWellFormedText);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [wellFormed(k), withWellFormedText(v)]));
}

export function formatIssuePath(path: PropertyKey[]): string {
  return path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
}

function issueError(line: number, issues: z.core.$ZodIssue[]): LineageError {
  const first = issues[0];
  const path = formatIssuePath(first.path);
  const where = path ? `field ${path}` : "record";
  return new LineageError("invalid_input", `line ${line}: ${where}: ${first.message}`, {
    line,
    path: first.path.map(String),
    issues: issues.slice(0, 10).map((i) => ({ path: i.path.map(String), message: i.message })),
  });
}

/** Parses one line's text; `newId` fills an absent id (the API creates ids for clients that leave them out). */
export function parseTraceLine(text: string, line: number, newId?: () => string): TraceRecord {
  if (line === 1 && text.charCodeAt(0) === 0xfeff) {
    throw new LineageError("invalid_json", `line ${line}: starts with a byte-order mark; send UTF-8 without a BOM`, { line });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const reason = e instanceof RangeError ? "nested too deeply" : (e as Error).message;
    throw new LineageError("invalid_json", `line ${line}: not valid JSON (${reason})`, { line });
  }
  if (depthExceeds(value, MAX_DEPTH)) {
    throw new LineageError("invalid_json", `line ${line}: nested deeper than ${MAX_DEPTH} levels`, { line });
  }
  if (!isWellFormedText(value)) value = withWellFormedText(value);
  if (newId && value && typeof value === "object" && !Array.isArray(value) && !("id" in value)) {
    (value as Record<string, unknown>).id = newId();
  }
  const parsed = TraceRecord.safeParse(value);
  if (!parsed.success) throw issueError(line, parsed.error.issues);
  return parsed.data;
}

/** Parses lines lazily; blank lines are skipped, line numbers count every line. */
export function* parseTraceLines(lines: Iterable<string>, newId?: () => string): Generator<ParsedLine> {
  let n = 0;
  for (const rawLine of lines) {
    n++;
    const raw = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    if (raw.trim() === "") continue;
    yield { line: n, record: parseTraceLine(raw, n, newId) };
  }
}

export function parseTraceText(text: string, newId?: () => string): ParsedLine[] {
  return [...parseTraceLines(text.split("\n"), newId)];
}
