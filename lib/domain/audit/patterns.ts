// The one regex engine for patterns matched against agent diffs (the built-in ones and a task's
// `domains[].patterns`): RE2 (re2-wasm), whose matching time is linear in the input, so no pattern
// and no line can make the server backtrack for seconds. Patterns are written in JavaScript syntax;
// checkPattern refuses, at load, what RE2 cannot run (backreferences, lookarounds: they need a
// backtracking engine) and what RE2 would read differently from JavaScript.
import { RE2 } from "re2-wasm";
import { needsTest, patternNeeds, plainText } from "./pattern-needs";

// re2-wasm instantiates its WASM synchronously from a file beside it when first imported, so it is
// never bundled (next.config.ts lists it as external).
/** Letter escapes JavaScript gives a meaning and RE2 reads the same way; `\k` is a backreference. */
const SHARED_LETTER_ESCAPES = new Set("bBdDsSwWnrtfvcxu");

/** Syntax JavaScript and RE2 read differently (`\A` is "A" to JavaScript, start of text to RE2). */
function re2OnlySyntax(source: string): string | null {
  for (let i = 0; i < source.length - 1; i++) {
    if (source[i] !== "\\") continue;
    const c = source[i + 1];
    if (/[a-zA-Z]/.test(c) && c !== "k" && !SHARED_LETTER_ESCAPES.has(c)) {
      return `the escape \\${c} means something else in RE2 than in JavaScript (or nothing); write ${c} itself`;
    }
    if (c === "u" && source[i + 2] === "{") return "\\u{…} means something else in RE2 than in JavaScript; write \\uXXXX";
    i++; // skip the escaped character (so `\\A` is a backslash, then A)
  }
  if (/\[:\^?[a-z]+:\]/.test(source)) return "POSIX classes like [[:alpha:]] mean something else in RE2 than in JavaScript; list the characters instead";
  return null;
}

function explainRe2(message: string): string {
  if (/invalid escape sequence: \\(\d|k)/.test(message))
    return "backreferences are not supported: they need a backtracking engine, which a crafted line can make run for hours";
  if (/invalid perl operator: \(\?(=|!|<[=!]?)/.test(message))
    return "lookahead and lookbehind assertions are not supported: they need a backtracking engine, which a crafted line can make run for hours";
  return `RE2 cannot run it (${message.replace(/^Invalid regular expression: \/.*\/\w*: /s, "")})`;
}

/**
 * Why a pattern cannot be used, or null when it can. Every accepted pattern runs in linear time:
 * the check compiles it with RE2 and refuses what RE2 refuses, besides invalid JavaScript syntax.
 */
export function checkPattern(source: string): string | null {
  try {
    new RegExp(source, "i");
  } catch (e) {
    return `not a valid regular expression (${(e as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /s, "")})`;
  }
  const other = re2OnlySyntax(source);
  if (other) return other;
  try {
    release(new RE2(source, "imu"));
  } catch (e) {
    return explainRe2((e as Error).message);
  }
  return null;
}

/** A compiled pattern: `test` is case-insensitive; `^`/`$` also match at line breaks (so joined lines can be searched at once). */
export type LinearRegex = { source: string; test(input: string): boolean };

/** RE2 objects live in a fixed 16 MiB WASM heap and are not garbage-collected: compiled ones are cached and freed when evicted. */
const MAX_CACHED = 256;
const cache = new Map<string, RE2>();

function release(re: RE2): void {
  (re as unknown as { wrapper?: { delete?: () => void } }).wrapper?.delete?.();
}

function compiled(source: string): RE2 {
  let re = cache.get(source);
  if (re) {
    cache.delete(source); // re-inserted below: the map's order is least recently used first
  } else {
    const reason = re2OnlySyntax(source);
    if (reason) throw new SyntaxError(reason);
    re = new RE2(source, "imu");
  }
  cache.set(source, re);
  while (cache.size > MAX_CACHED) {
    const [oldest, old] = cache.entries().next().value!;
    cache.delete(oldest);
    release(old);
  }
  return re;
}

/**
 * Compiles a pattern (throws a SyntaxError for one checkPattern would refuse). Each test looks the
 * compiled object up again, so an evicted (freed) one is never used: it is compiled anew.
 */
export function compilePattern(source: string): LinearRegex {
  compiled(source);
  const fast = fastPathOf(source);
  const engine = (input: string) => compiled(source).test(input);
  if (!fast) return { source, test: engine };
  const { mayMatch, js } = fast;
  return {
    source,
    // A simple pattern on a plain text is answered by JavaScript exactly as RE2 would answer it;
    // a text holding none of the literals every match needs cannot match. Either way the engine
    // (whose every call copies the text into its WASM heap) is not asked.
    test: (input) => (js && plainText(input) ? js.test(input) : (!mayMatch || mayMatch(input)) && engine(input)),
  };
}

type FastPath = { mayMatch: ((text: string) => boolean) | null; js: RegExp | null };
const fastPaths = new Map<string, FastPath | null>();

function fastPathOf(source: string): FastPath | null {
  let p = fastPaths.get(source);
  if (p === undefined) {
    p = null;
    const facts = patternNeeds(source);
    if (facts) {
      const js = facts.simple ? javascriptRegex(source) : null;
      const mayMatch = needsTest(facts.needs);
      if (js || mayMatch) p = { mayMatch, js };
    }
    if (fastPaths.size >= MAX_CACHED) fastPaths.clear();
    fastPaths.set(source, p);
  }
  return p;
}

function javascriptRegex(source: string): RegExp | null {
  try {
    return new RegExp(source, "i");
  } catch {
    return null;
  }
}

/** One pattern matching any of several (fewer engine calls per line); null when they cannot be joined. */
export function compileAny(sources: readonly string[]): LinearRegex | null {
  if (sources.length === 0) return null;
  const join = (some: readonly string[]) => (some.length === 1 ? some[0] : some.map((s) => `(?:${s})`).join("|"));
  const joined = join(sources);
  let whole: LinearRegex;
  try {
    whole = compilePattern(joined);
  } catch {
    return null; // e.g. two patterns reuse a group name; the caller matches them one by one
  }
  if (fastPathOf(joined)?.js || sources.length === 1) return whole;
  // Any of them matches when the simple ones (answered by JavaScript) or the others do: the
  // engine is asked only about the others, and only when the simple ones do not match.
  const simple = sources.filter((s) => fastPathOf(s)?.js);
  if (simple.length === 0) return whole;
  const rest = sources.filter((s) => !fastPathOf(s)?.js);
  const first = compilePattern(join(simple));
  const then = rest.length > 0 ? compilePattern(join(rest)) : null;
  return { source: joined, test: (input) => first.test(input) || (then !== null && then.test(input)) };
}
