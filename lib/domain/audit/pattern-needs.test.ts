import { RE2 } from "re2-wasm";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../random";
import { patternNeeds } from "./pattern-needs";
import { compileAny, compilePattern } from "./patterns";

// The engine's own answers, with the flags patterns.ts compiles with: what every shortcut must equal.
// RE2 objects live in a fixed WASM heap, so each is freed once asked.
function engine(source: string, texts: string[]): boolean[] {
  const re = new RE2(source, "imu");
  try {
    return texts.map((t) => re.test(t));
  } finally {
    (re as unknown as { wrapper?: { delete?: () => void } }).wrapper?.delete?.();
  }
}

type Rng = { int: (min: number, max: number) => number; chance: (p: number) => boolean; pick: <T>(items: readonly T[]) => T };
function rngOf(seed: number): Rng {
  const next = mulberry32(seed);
  return {
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
  };
}

const WORDS = ["attn", "Attn", "kernel", "KERNEL", "shuffle", "split", "seed", "nn", "Linear", "x", "k", "s", "lr", "def", "ab"];
const PIECES = [
  ...WORDS,
  "\\b",
  "\\B",
  "\\d",
  "\\w",
  "\\s",
  "\\S",
  "\\W",
  "\\D",
  "\\.",
  "\\(",
  "\\n",
  "\\t",
  "\\x6b",
  "\\u0073",
  "[a-z]",
  "[^x]",
  "[\\n]",
  "[ks]",
  "[\\t-\\r]",
  ".",
  "^",
  "$",
  "é",
];
const TEXT = [...WORDS, " ", " ", "\n", "\n", "\r", "\r\n", "_", "1", "(", ".", "\t", "\u212A", "\u017F", "\uD800", "\uDC00", "😀", "é", "\u2028", "\0"];

function patternOf(rng: Rng, depth = 0): string {
  const parts: string[] = [];
  for (let n = rng.int(1, 4); n > 0; n--) {
    let atom = depth < 2 && rng.chance(0.25) ? `${rng.pick(["(", "(?:", "(?<g" + rng.int(0, 1e6) + ">"])}${patternOf(rng, depth + 1)})` : rng.pick(PIECES);
    if (rng.chance(0.3)) atom += rng.pick(["?", "*", "+", "{1,3}", "{0,2}", "??", "+?"]);
    parts.push(atom);
  }
  const seq = parts.join("");
  return rng.chance(0.3) ? `${seq}|${patternOf(rng, depth + 1)}` : seq;
}

const textOf = (rng: Rng) => Array.from({ length: rng.int(0, 12) }, () => rng.pick(TEXT)).join(rng.pick(["", " ", "\n"]));

const compiles = (source: string) => {
  try {
    new RegExp(source, "i");
    engine(source, []);
    return true;
  } catch {
    return false;
  }
};

describe("pattern shortcuts (literals a match needs, simple patterns read by JavaScript)", () => {
  it("read the literals and line breaks of the built-in patterns", () => {
    expect(patternNeeds("\\b(attention|attn)s?\\b")).toEqual({
      needs: { lits: ["attention", "attentions", "attn", "attns"] },
      crossesLines: false,
      simple: true,
    });
    expect(patternNeeds("def\\s+(metric|score)\\s*\\(")).toMatchObject({ crossesLines: true, simple: false });
    expect(patternNeeds("(?i)abc")).toBeNull(); // flags are not read: the engine is always asked
  });

  it("answer every pattern on every text as RE2 does", () => {
    const rng = rngOf(20261201);
    let checked = 0;
    let shortcut = 0;
    while (checked < 2000) {
      const source = patternOf(rng);
      if (!compiles(source)) continue;
      const re = compilePattern(source);
      const facts = patternNeeds(source);
      if (facts && (facts.simple || facts.needs !== true)) shortcut++;
      const texts = Array.from({ length: 5 }, () => textOf(rng));
      const expected = engine(source, texts);
      texts.forEach((text, k) => expect(re.test(text), `${JSON.stringify(source)} on ${JSON.stringify(text)}`).toBe(expected[k]));
      checked += texts.length;
    }
    expect(shortcut).toBeGreaterThan(100); // the shortcuts were exercised, not only the engine
  });

  it("answer a joined set of patterns as RE2 answers their join", () => {
    const rng = rngOf(7);
    let checked = 0;
    while (checked < 1000) {
      const sources = Array.from({ length: rng.int(2, 4) }, () => patternOf(rng)).filter(compiles);
      if (sources.length < 2) continue;
      const any = compileAny(sources);
      if (!any) continue;
      const texts = Array.from({ length: 5 }, () => textOf(rng));
      const expected = engine(any.source, texts);
      texts.forEach((text, k) => expect(any.test(text), `${JSON.stringify(sources)} on ${JSON.stringify(text)}`).toBe(expected[k]));
      checked += texts.length;
    }
  });
});
