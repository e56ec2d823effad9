// Which hunks hold a line a pattern matches, with few engine calls: each call costs about its
// input's length (re2-wasm copies the text into its heap), so lines are searched joined, a range
// of hunks at a time, and only a range that matches is halved until one line is found. A match in
// joined text is necessary for one in a single line (`^`/`$` match at line breaks, and RE2 has no
// lookaround), not sufficient (`\s` can cross a break): so every hit is confirmed on its own line.
import type { LinearRegex } from "./patterns";

/** Engine work (characters searched, plus a fixed cost per call) left for confirming hits. */
export type WorkBudget = { left: number };

/** Per-call cost in characters: re2-wasm's fixed overhead is about that of 500 characters. */
const CALL_COST = 500;
/** Joined text searched at once: small enough for re2-wasm's fixed 16 MiB heap. */
const MAX_JOINED = 64 * 1024;

export type LineHit = { line: number; confirmed: boolean };

/** A run of one hunk's lines (a hunk over MAX_JOINED is cut into several). */
type Unit = { hunk: number; from: number; to: number; chars: number };

function unitsOf(hunks: readonly (readonly string[])[]): Unit[] {
  const units: Unit[] = [];
  hunks.forEach((lines, hunk) => {
    let from = 0;
    let chars = 0;
    for (let i = 0; i < lines.length; i++) {
      if (chars > 0 && chars + lines[i].length + 1 > MAX_JOINED) {
        units.push({ hunk, from, to: i, chars });
        from = i;
        chars = 0;
      }
      chars += lines[i].length + 1;
    }
    if (lines.length > from) units.push({ hunk, from, to: lines.length, chars });
  });
  return units;
}

/**
 * For each hunk (an array of its changed lines, marks stripped) holding a line `re` matches, the
 * first such line. Confirming hits spends `budget`; once it is spent, a hunk whose joined text
 * matched counts as a hit with `confirmed: false` (the audit errs towards flagging).
 */
export function hunksMatching(re: LinearRegex, hunks: readonly (readonly string[])[], budget: WorkBudget, only?: ReadonlySet<number>): Map<number, LineHit> {
  const hits = new Map<number, LineHit>();
  const units = only ? unitsOf(hunks).filter((u) => only.has(u.hunk)) : unitsOf(hunks);
  const texts: (string | undefined)[] = [];
  const text = (i: number) => (texts[i] ??= hunks[units[i].hunk].slice(units[i].from, units[i].to).join("\n"));
  const test = (s: string, confirming: boolean) => {
    if (confirming) budget.left -= s.length + CALL_COST;
    return re.test(s);
  };

  /** The first line of unit u that matches on its own, -1 when none does, null when the budget ran out. */
  const firstLine = (u: Unit, from: number, to: number, tested = false): number | null => {
    if (budget.left <= 0) return null;
    if (to - from === 1) return tested || test(hunks[u.hunk][from], true) ? from : -1;
    if (!tested && !test(hunks[u.hunk].slice(from, to).join("\n"), true)) return -1;
    const mid = (from + to) >> 1;
    const left = firstLine(u, from, mid);
    if (left === null || left >= 0) return left;
    return firstLine(u, mid, to);
  };

  /** Units lo..hi-1 (their parent range matched, unless top); top-level searches are not charged. */
  const search = (lo: number, hi: number, top: boolean) => {
    const open: number[] = [];
    for (let i = lo; i < hi; i++) if (!hits.has(units[i].hunk)) open.push(i);
    if (open.length === 0) return;
    if (!top && budget.left <= 0) {
      for (const i of open) if (!hits.has(units[i].hunk)) hits.set(units[i].hunk, { line: units[i].from, confirmed: false });
      return;
    }
    if (!test(open.length === 1 ? text(open[0]) : open.map(text).join("\n"), !top)) return;
    if (open.length === 1) {
      const u = units[open[0]];
      const line = firstLine(u, u.from, u.to, true);
      if (line === null) hits.set(u.hunk, { line: u.from, confirmed: false });
      else if (line >= 0) hits.set(u.hunk, { line, confirmed: true });
      return;
    }
    const mid = (lo + hi) >> 1;
    search(lo, mid, false);
    search(mid, hi, false);
  };

  for (const [lo, hi] of topRanges(units)) search(lo, hi, true);
  return hits;
}

/** Ranges of units whose joined text fits the engine's heap. */
function topRanges(units: Unit[]): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  let chars = 0;
  for (let i = 0; i <= units.length; i++) {
    if (i === units.length || (chars > 0 && chars + units[i].chars > MAX_JOINED)) {
      if (i > start) out.push([start, i]);
      start = i;
      chars = 0;
    }
    if (i < units.length) chars += units[i].chars;
  }
  return out;
}

/**
 * The hunks that may hold a line `re` matches: those of every joined range that matches. One pass
 * with a pattern joining all of a task's patterns tells which hunks the per-pattern passes need to read.
 */
export function candidateHunks(re: LinearRegex, hunks: readonly (readonly string[])[]): Set<number> {
  const units = unitsOf(hunks);
  const out = new Set<number>();
  for (const [lo, hi] of topRanges(units)) {
    const range = units.slice(lo, hi);
    if (re.test(range.map((u) => hunks[u.hunk].slice(u.from, u.to).join("\n")).join("\n"))) for (const u of range) out.add(u.hunk);
  }
  return out;
}
