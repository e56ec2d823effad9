// What every match of a pattern must contain, read from its source: literal strings, at least one
// of which any match holds. A text holding none of them cannot match, so the RE2 engine (whose
// every call copies its input into the WASM heap, the main cost of analysing a diff) need not be
// asked. Only syntax read with certainty counts: anything else makes the pattern "unknown" (null)
// and the engine is always asked. Literals are ASCII only, so matching them case-insensitively in
// JavaScript (with Unicode case folding) finds every text RE2's case folding would.

/** A condition on a text: true (none), one of these literals, all of these, or any of these. */
export type Needs = true | { lits: string[] } | { and: Needs[] } | { or: Needs[] };

export type PatternNeeds = {
  needs: Needs;
  /** a match can hold a line break (so lines joined may match where no single line does) */
  crossesLines: boolean;
  /**
   * Built only of ASCII literals, groups, alternatives, `?`, \b, \B, \d and \w, in few ways (MAX_PATHS):
   * JavaScript's case-insensitive (non-Unicode) engine reads it as RE2 does on any text without
   * the characters RE2 folds to ASCII letters (K, ſ) or lone surrogates (see plainText), and
   * cannot backtrack for long on it (no repetition).
   */
  simple: boolean;
};

/** paths: how many ways a backtracking engine may try to match it from one position (alternatives add, sequences multiply) */
type Node = { exact: string[] | null; needs: Needs; crosses: boolean; paths: number };

/** Finite sets of exact strings are kept up to this size (a product of alternatives grows fast). */
const MAX_EXACT = 32;

class Unreadable extends Error {}

const unknownClass = (crosses: boolean): Node => ({ exact: null, needs: true, crosses, paths: 1 });
const literal = (c: string): Node => ({ exact: c.charCodeAt(0) < 128 ? [c] : null, needs: true, crosses: c === "\n", paths: 1 });
const empty = (): Node => ({ exact: [""], needs: true, crosses: false, paths: 1 });

const needsOf = (n: Node): Needs => (n.exact ? (n.exact.includes("") ? true : { lits: n.exact }) : n.needs);

function and(items: Needs[]): Needs {
  const kept = items.filter((n) => n !== true);
  return kept.length === 0 ? true : kept.length === 1 ? kept[0] : { and: kept };
}

type Lits = { lits: string[] };
const isLits = (n: Needs): n is Lits => n !== true && "lits" in n;

/**
 * Any of several: each "all of" is weakened to its most telling literal set (still necessary), so
 * the literal sets merge into one and a text is scanned once rather than once per alternative.
 */
function or(items: Needs[]): Needs {
  if (items.some((n) => n === true)) return true;
  const weakened = items.map((n) => {
    if (n === true || !("and" in n)) return n;
    const lits = n.and.filter(isLits).sort((a, b) => strength(b) - strength(a));
    return lits[0] ?? n;
  });
  const lits = weakened.filter(isLits);
  const rest = weakened.filter((n) => !isLits(n));
  const merged: Lits[] = lits.length > 0 ? [{ lits: [...new Set(lits.flatMap((n) => n.lits))] }] : [];
  const all = [...merged, ...rest];
  return all.length === 1 ? all[0] : { or: all };
}

function product(a: string[], b: string[]): string[] | null {
  if (a.length * b.length > MAX_EXACT) return null;
  return [...new Set(a.flatMap((x) => b.map((y) => x + y)))];
}

function sequence(items: Node[]): Node {
  const needs: Needs[] = [];
  let run: string[] = [""];
  const flush = () => {
    if (!run.includes("")) needs.push({ lits: run });
    run = [""];
  };
  let exact: string[] | null = [""];
  for (const n of items) {
    exact = exact && n.exact ? product(exact, n.exact) : null;
    if (n.exact) {
      const joined = product(run, n.exact);
      if (joined) run = joined;
      else {
        flush();
        run = n.exact;
      }
    } else {
      flush();
      needs.push(n.needs);
    }
  }
  flush();
  return {
    exact,
    needs: and(needs),
    crosses: items.some((n) => n.crosses),
    paths: Math.min(
      1e9,
      items.reduce((p, n) => p * n.paths, 1),
    ),
  };
}

function alternation(items: Node[]): Node {
  if (items.length === 1) return items[0];
  const all = items.every((n) => n.exact) ? [...new Set(items.flatMap((n) => n.exact!))] : null;
  return {
    exact: all && all.length <= MAX_EXACT ? all : null,
    needs: or(items.map(needsOf)),
    crosses: items.some((n) => n.crosses),
    paths: Math.min(
      1e9,
      items.reduce((p, n) => p + n.paths, 0),
    ),
  };
}

const HEX = /^[0-9a-fA-F]+$/;

/** Ways from one position a simple pattern may have (so JavaScript's backtracking stays linear in the text). */
const MAX_PATHS = 10_000;

class Reader {
  i = 0;
  /** something outside the simple subset was read */
  complex = false;
  constructor(private readonly s: string) {}

  pattern(): Node {
    const n = this.alternatives();
    if (this.i < this.s.length) throw new Unreadable();
    return n;
  }

  private alternatives(): Node {
    const branches = [this.sequence()];
    while (this.s[this.i] === "|") {
      this.i++;
      branches.push(this.sequence());
    }
    return alternation(branches);
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.s.length && this.s[this.i] !== "|" && this.s[this.i] !== ")") items.push(this.quantified(this.atom()));
    return items.length === 0 ? empty() : sequence(items);
  }

  private quantified(atom: Node): Node {
    const s = this.s;
    let min: number;
    const c = s[this.i];
    if (c === "*") min = 0;
    else if (c === "+") min = 1;
    else if (c === "?") min = -1;
    else if (c === "{") {
      const m = /^\{(\d+)(,\d*)?\}/.exec(s.slice(this.i));
      if (!m) throw new Unreadable();
      min = Number(m[1]);
      this.i += m[0].length - 1;
    } else return atom;
    this.i++;
    if (s[this.i] === "?") this.i++; // lazy: matches the same texts
    if ("*+?{".includes(s[this.i] ?? "x")) throw new Unreadable();
    if (min !== -1) this.complex = true;
    if (min === -1) return { exact: atom.exact ? [...new Set(["", ...atom.exact])] : null, needs: true, crosses: atom.crosses, paths: atom.paths + 1 };
    if (min === 0) return { exact: null, needs: true, crosses: atom.crosses, paths: atom.paths };
    return { exact: null, needs: needsOf(atom), crosses: atom.crosses, paths: atom.paths };
  }

  private atom(): Node {
    const s = this.s;
    const c = s[this.i];
    if (c === "(") {
      if (s.startsWith("(?:", this.i)) this.i += 3;
      else if (/^\(\?P?<[A-Za-z_]\w*>/.test(s.slice(this.i, this.i + 40))) this.i = s.indexOf(">", this.i) + 1;
      else if (s[this.i + 1] === "?")
        throw new Unreadable(); // flags or lookaround: not read here
      else this.i++;
      if (s[this.i - 1] === ">") this.complex = true; // named groups: not every syntax is JavaScript's
      const inner = this.alternatives();
      if (s[this.i] !== ")") throw new Unreadable();
      this.i++;
      return inner;
    }
    this.i++;
    if (c === "\\") return this.escape();
    if ("*+?{}]".includes(c)) throw new Unreadable();
    if (c === "[" || c === "." || c === "^" || c === "$") this.complex = true; // JavaScript reads . ^ $ at \r and U+2028 too
    if (c === "[") return this.charClass();
    if (c === ".") return unknownClass(false);
    if (c === "^" || c === "$") return empty();
    return this.literal(c);
  }

  private literal(c: string): Node {
    if (c.charCodeAt(0) >= 128) this.complex = true;
    return literal(c);
  }

  private hex(len: number): string {
    const h = this.s.slice(this.i, this.i + len);
    if (h.length !== len || !HEX.test(h)) throw new Unreadable();
    this.i += len;
    return String.fromCharCode(parseInt(h, 16));
  }

  private escape(): Node {
    const c = this.s[this.i++];
    if (c === undefined) throw new Unreadable();
    if (c === "b" || c === "B") return empty();
    if (c === "d" || c === "w") return unknownClass(false);
    this.complex ||= "SDWs".includes(c);
    if (c === "S") return unknownClass(false);
    if (c === "D" || c === "W" || c === "s") return unknownClass(true);
    if (c === "n") return this.literal("\n");
    if (c === "t") return this.literal("\t");
    if (c === "r") return this.literal("\r");
    if (c === "f") return this.literal("\f");
    if (c === "v") return this.literal("\v");
    if (c === "x") return this.literal(this.hex(2));
    if (c === "u") return this.literal(this.hex(4));
    if (/[0-9A-Za-z]/.test(c)) throw new Unreadable();
    return this.literal(c);
  }

  /** A character class: never a literal here; it can match a line break when negated or when it lists one. */
  private charClass(): Node {
    const s = this.s;
    let crosses = false;
    if (s[this.i] === "^") {
      crosses = true;
      this.i++;
    }
    if (s[this.i] === "]") throw new Unreadable(); // `[]…]` reads differently in RE2 and JavaScript
    let prev = -1;
    for (;;) {
      const c = s[this.i++];
      if (c === undefined) throw new Unreadable();
      if (c === "]") return unknownClass(crosses);
      let code: number;
      if (c === "\\") {
        const e = s[this.i++];
        if (e === undefined) throw new Unreadable();
        if ("sWD".includes(e)) crosses = true;
        if ("dwsSWD".includes(e)) {
          prev = -1;
          continue;
        }
        const named: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11 };
        if (e in named) code = named[e];
        else if (e === "x") code = this.hex(2).charCodeAt(0);
        else if (e === "u") code = this.hex(4).charCodeAt(0);
        else if (/[0-9A-Za-z]/.test(e)) throw new Unreadable();
        else code = e.charCodeAt(0);
      } else if (c === "[" && s[this.i] === ":") {
        throw new Unreadable();
      } else code = c.charCodeAt(0);
      if (code === 10) crosses = true;
      if (c === "-" && prev >= 0 && s[this.i] !== "]") {
        // a range prev-next: read its upper end
        const save = this.i;
        const next = s[this.i++];
        let hi: number;
        if (next === "\\") {
          const e = s[this.i++];
          const named: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11 };
          if (e in named) hi = named[e];
          else if (e === "x") hi = this.hex(2).charCodeAt(0);
          else if (e === "u") hi = this.hex(4).charCodeAt(0);
          else if (e === undefined || /[0-9A-Za-z]/.test(e)) throw new Unreadable();
          else hi = e.charCodeAt(0);
        } else if (next === undefined) {
          this.i = save;
          throw new Unreadable();
        } else hi = next.charCodeAt(0);
        if (prev <= 10 && hi >= 10) crosses = true;
        prev = -1;
        continue;
      }
      prev = code;
    }
  }
}

/** What a pattern's matches must contain and whether they can span lines; null when its syntax is not read here. */
export function patternNeeds(source: string): PatternNeeds | null {
  try {
    const reader = new Reader(source);
    const n = reader.pattern();
    return { needs: needsOf(n), crossesLines: n.crosses, simple: !reader.complex && n.paths <= MAX_PATHS };
  } catch (e) {
    if (e instanceof Unreadable) return null;
    throw e;
  }
}

/** Texts kept for the one-answer memo of a literal scan are at most this long (the joined text of a hunk range). */
const MEMO_CHARS = 64 * 1024;

const escapeLiteral = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");

/** A test of a text against the needs: false only when no match can be in it. Built once per pattern. */
export function needsTest(needs: Needs): ((text: string) => boolean) | null {
  if (needs === true) return null;
  const build = (n: Needs): ((text: string) => boolean) => {
    if (n === true) return () => true;
    if ("lits" in n) {
      const re = new RegExp(n.lits.map(escapeLiteral).join("|"), "iu");
      // The classification and the findings ask about the same hunk text in turn: asked again, it is not scanned again.
      let last: { text: string; found: boolean } | undefined;
      return (text) => {
        if (last?.text === text) return last.found;
        const found = re.test(text);
        last = text.length <= MEMO_CHARS ? { text, found } : undefined;
        return found;
      };
    }
    if ("and" in n) {
      // the two most telling conditions are enough: every extra one costs a scan of the text
      const parts = [...n.and]
        .sort((a, b) => strength(b) - strength(a))
        .slice(0, 2)
        .map(build);
      return (text) => parts.every((p) => p(text));
    }
    const parts = n.or.map(build);
    return (text) => parts.some((p) => p(text));
  };
  return build(needs);
}

/** How rare a condition's texts are, roughly: the length of its shortest literal (ties: the longer literals). */
function strength(n: Needs): number {
  if (n === true) return 0;
  if ("lits" in n) return Math.min(...n.lits.map((l) => l.length)) + n.lits.reduce((sum, l) => sum + l.length, 0) / n.lits.length / 1000;
  if ("and" in n) return Math.max(...n.and.map(strength));
  return Math.min(...n.or.map(strength));
}

/** No character RE2 folds to an ASCII letter (K U+212A, ſ U+017F) and no lone surrogate (re2-wasm merges one with the next character). */
const NOT_PLAIN = /[\u017f\u212a]|[\ud800-\udfff]/u;

/** Whether a simple pattern's JavaScript reading gives RE2's answer on this text. */
export const plainText = (text: string): boolean => !NOT_PLAIN.test(text);
