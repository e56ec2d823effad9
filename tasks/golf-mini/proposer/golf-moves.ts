// Program-level edits to the golf-mini recipe that builtin:mutate chooses from: new prediction
// rules, binary formats, compression, context length, pruning. Each knows when it applies, what it
// does to the code, and says why in its hypothesis. Some fail for real (zero probabilities, a
// discount over 1 that loses mass, artifacts over budget, contexts so long training overruns).
import type { Files } from "../../../lib/evaluator/files";

export type MoveKind = "grow" | "shrink" | "refine";
export type Move = {
  key: string;
  surface: "model" | "codec";
  kind: MoveKind;
  applies: (src: string) => boolean;
  apply: (src: string) => string;
  hypothesis: (src: string) => string;
};

const FILE = { model: "model.mjs", codec: "codec.mjs" } as const;
export const fileOfSurface = (surface: "model" | "codec") => FILE[surface];

const num = (src: string, name: string): number | undefined => {
  const m = new RegExp(`^(?:export )?const ${name} = (-?[0-9.e]+);`, "m").exec(src);
  return m ? Number(m[1]) : undefined;
};
const setNum = (src: string, name: string, v: number) =>
  src.replace(new RegExp(`^((?:export )?const ${name} = )(-?[0-9.e]+);`, "m"), `$1${Number(v.toPrecision(4))};`);
const replaceBlock = (src: string, name: string, body: string) =>
  src.replace(new RegExp(`// @${name}-begin\\n[\\s\\S]*?// @${name}-end\\n?`), `// @${name}-begin\n${body.trim()}\n// @${name}-end\n`);

const WITTEN_BELL = `
// Witten-Bell interpolation: each order's counts are mixed with the next-shorter context's
// distribution, which gets the escape mass ESCAPE * (distinct bytes seen after the context).
const ESCAPE = 1;
export function predict(model, bytes, i, out) {
  out.fill(1 / 256);
  let key = 0;
  for (let k = 0; k <= model.order && k <= i; k++) {
    if (k > 0) key = key * 256 + bytes[i - k];
    const successors = model.tables[k]?.get(key);
    if (!successors) break; // a longer context cannot have been seen either
    let total = 0;
    for (const c of successors.values()) total += c;
    const escape = ESCAPE * successors.size;
    for (let b = 0; b < 256; b++) out[b] *= escape / (total + escape);
    for (const [b, c] of successors) out[b] += c / (total + escape);
  }
}`;

const ABSOLUTE_DISCOUNT = `
// Absolute discounting: take DISCOUNT off every seen count and hand that mass to the next-shorter
// context, so rare events borrow from broader statistics instead of a flat floor.
const DISCOUNT = 0.75;
export function predict(model, bytes, i, out) {
  out.fill(1 / 256);
  let key = 0;
  for (let k = 0; k <= model.order && k <= i; k++) {
    if (k > 0) key = key * 256 + bytes[i - k];
    const successors = model.tables[k]?.get(key);
    if (!successors) break;
    let total = 0;
    for (const c of successors.values()) total += c;
    const lower = (DISCOUNT * successors.size) / total;
    for (let b = 0; b < 256; b++) out[b] *= lower;
    for (const [b, c] of successors) out[b] += Math.max(c - DISCOUNT, 0) / total;
  }
}`;

const binaryCodec = (raw: boolean) => `
// Binary format: per table, contexts sorted by key and delta-coded, then each successor byte and
// its count, as LEB128 varints: a few bytes per count instead of JSON text.
function writeVarint(out, n) {
  while (n >= 128) {
    out.push((n % 128) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
}
function readVarint(buf, pos) {
  let n = 0;
  let scale = 1;
  let b;
  do {
    b = buf[pos.at++];
    n += (b & 127) * scale;
    scale *= 128;
  } while (b >= 128);
  return n;
}

${raw ? "function encodeRaw" : "export function encode"}(model) {
  const out = [];
  writeVarint(out, model.order);
  writeVarint(out, model.tables.length);
  for (const table of model.tables) {
    const rows = [...table]
      .map(([key, successors]) => [key, [...successors].filter(([, c]) => c >= MIN_COUNT)])
      .filter(([, kept]) => kept.length > 0)
      .sort((a, b) => a[0] - b[0]);
    writeVarint(out, rows.length);
    let prev = 0;
    for (const [key, kept] of rows) {
      writeVarint(out, key - prev);
      prev = key;
      writeVarint(out, kept.length);
      for (const [b, c] of kept) {
        out.push(b);
        writeVarint(out, c);
      }
    }
  }
  return Buffer.from(out);
}

${raw ? "function decodeRaw" : "export function decode"}(buffer) {
  const pos = { at: 0 };
  const order = readVarint(buffer, pos);
  const tables = [];
  for (let n = readVarint(buffer, pos); n > 0; n--) {
    const table = new Map();
    let key = 0;
    for (let rows = readVarint(buffer, pos); rows > 0; rows--) {
      key += readVarint(buffer, pos);
      const successors = new Map();
      for (let m = readVarint(buffer, pos); m > 0; m--) {
        const b = buffer[pos.at++];
        successors.set(b, readVarint(buffer, pos));
      }
      table.set(key, successors);
    }
    tables.push(table);
  }
  return { order, tables };
}`;

const DEFLATE = `
// Deflate the stored bytes: keys and counts repeat, so a general-purpose compressor squeezes them.
import { deflateRawSync, inflateRawSync } from "node:zlib";
export const encode = (model) => deflateRawSync(encodeRaw(model), { level: 9 });
export const decode = (buffer) => decodeRaw(inflateRawSync(buffer));`;

const BROTLI = `
// Brotli at quality 11 with a large window: slower to compress, but it models the repeated keys
// and counts better than deflate, and only the stored bytes count.
import { brotliCompressSync, brotliDecompressSync, constants } from "node:zlib";
export const encode = (model) =>
  brotliCompressSync(encodeRaw(model), { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24 } });
export const decode = (buffer) => decodeRaw(brotliDecompressSync(buffer));`;

const hasBlock = (src: string, name: string) => src.includes(`// @${name}-begin`);
const compressed = (src: string) => hasBlock(src, "compress");
const interpolated = (src: string) => /const (ESCAPE|DISCOUNT) = /.test(src);

export const MOVES: Move[] = [
  {
    key: "order+1",
    surface: "model",
    kind: "grow",
    applies: (s) => (num(s, "ORDER") ?? 99) < 12,
    apply: (s) => setNum(s, "ORDER", num(s, "ORDER")! + 1),
    hypothesis: (s) =>
      `Raise ORDER ${num(s, "ORDER")}→${num(s, "ORDER")! + 1}: one more byte of context tells apart words that share a prefix, so the next byte is sharper${interpolated(s) ? "; interpolation still backs off to shorter contexts where the longer one is unseen" : ""}. The tables grow, so the artifact does too.`,
  },
  {
    key: "order+2",
    surface: "model",
    kind: "grow",
    applies: (s) => (num(s, "ORDER") ?? 99) < 11,
    apply: (s) => setNum(s, "ORDER", num(s, "ORDER")! + 2),
    hypothesis: (s) =>
      `Jump ORDER ${num(s, "ORDER")}→${num(s, "ORDER")! + 2}: whole short words become contexts; a bigger step than +1 to see where longer contexts stop paying off (more counting time and a larger artifact).`,
  },
  {
    key: "order-1",
    surface: "model",
    kind: "shrink",
    applies: (s) => (num(s, "ORDER") ?? 0) > 1,
    apply: (s) => setNum(s, "ORDER", num(s, "ORDER")! - 1),
    hypothesis: (s) =>
      `Lower ORDER ${num(s, "ORDER")}→${num(s, "ORDER")! - 1}: the longest contexts are sparse and cost most of the artifact; dropping them frees bytes at little loss.`,
  },
  {
    key: "witten-bell",
    surface: "model",
    kind: "refine",
    applies: (s) => hasBlock(s, "predict") && !s.includes("Witten-Bell"),
    apply: (s) => replaceBlock(s, "predict", WITTEN_BELL).replace(/^\s*if \(k !== ORDER\) continue;.*\n/m, ""),
    hypothesis: () =>
      "Replace the single-order prediction with Witten-Bell interpolation over every order 0..ORDER (and count every order): unseen or rare contexts back off to shorter ones instead of a flat add-alpha floor that wastes mass on bytes that never occur.",
  },
  {
    key: "absolute-discount",
    surface: "model",
    kind: "refine",
    applies: (s) => hasBlock(s, "predict") && !s.includes("Absolute discounting"),
    apply: (s) => replaceBlock(s, "predict", ABSOLUTE_DISCOUNT).replace(/^\s*if \(k !== ORDER\) continue;.*\n/m, ""),
    hypothesis: () =>
      "Switch the prediction rule to interpolated absolute discounting (D=0.75) over all orders: subtracting a fixed discount models singletons better than Witten-Bell's escape counts, the idea behind Kneser-Ney.",
  },
  {
    key: "escape*0.7",
    surface: "model",
    kind: "refine",
    applies: (s) => num(s, "ESCAPE") !== undefined,
    apply: (s) => setNum(s, "ESCAPE", num(s, "ESCAPE")! * 0.7),
    hypothesis: (s) =>
      `Lower ESCAPE ${num(s, "ESCAPE")}→${Number((num(s, "ESCAPE")! * 0.7).toPrecision(4))}: the synthetic language is very regular, so longer contexts deserve more trust than the standard escape estimate gives them.`,
  },
  {
    key: "escape*1.4",
    surface: "model",
    kind: "refine",
    applies: (s) => num(s, "ESCAPE") !== undefined,
    apply: (s) => setNum(s, "ESCAPE", num(s, "ESCAPE")! * 1.4),
    hypothesis: (s) =>
      `Raise ESCAPE ${num(s, "ESCAPE")}→${Number((num(s, "ESCAPE")! * 1.4).toPrecision(4))}: pruned and long contexts overfit; giving shorter contexts more weight should smooth the estimates.`,
  },
  {
    key: "discount+0.15",
    surface: "model",
    kind: "refine",
    applies: (s) => num(s, "DISCOUNT") !== undefined,
    apply: (s) => setNum(s, "DISCOUNT", num(s, "DISCOUNT")! + 0.15),
    hypothesis: (s) =>
      `Raise DISCOUNT ${num(s, "DISCOUNT")}→${Number((num(s, "DISCOUNT")! + 0.15).toPrecision(4))}: more mass to the shorter contexts helps the many rare long contexts.`,
  },
  {
    key: "discount-0.15",
    surface: "model",
    kind: "refine",
    applies: (s) => (num(s, "DISCOUNT") ?? 0) > 0.2,
    apply: (s) => setNum(s, "DISCOUNT", num(s, "DISCOUNT")! - 0.15),
    hypothesis: (s) =>
      `Lower DISCOUNT ${num(s, "DISCOUNT")}→${Number((num(s, "DISCOUNT")! - 0.15).toPrecision(4))}: the text is regular, so seen counts deserve to keep more of their mass.`,
  },
  {
    key: "alpha/4",
    surface: "model",
    kind: "refine",
    applies: (s) => (num(s, "ALPHA") ?? 0) > 0.001 && !interpolated(s),
    apply: (s) => setNum(s, "ALPHA", num(s, "ALPHA")! / 4),
    hypothesis: (s) =>
      `Cut ALPHA ${num(s, "ALPHA")}→${num(s, "ALPHA")! / 4}: add-one smoothing hands most of the mass to the ~200 byte values that never occur; a smaller pseudo-count keeps it on the letters that do.`,
  },
  {
    key: "alpha=0",
    surface: "model",
    kind: "refine",
    applies: (s) => (num(s, "ALPHA") ?? 0) > 0 && !interpolated(s),
    apply: (s) => setNum(s, "ALPHA", 0),
    hypothesis: () =>
      "Drop smoothing entirely (ALPHA=0): the text only uses a few dozen byte values, so the observed frequencies alone should be the sharpest estimate.",
  },
  {
    key: "prune+1",
    surface: "codec",
    kind: "shrink",
    applies: (s) => num(s, "MIN_COUNT") !== undefined,
    apply: (s) => setNum(s, "MIN_COUNT", num(s, "MIN_COUNT")! + 1),
    hypothesis: (s) =>
      `Raise MIN_COUNT ${num(s, "MIN_COUNT")}→${num(s, "MIN_COUNT")! + 1}: counts this rare are mostly noise but each costs bytes; dropping them shrinks the artifact for a small loss in ${"val_bpb"}.`,
  },
  {
    key: "prune-1",
    surface: "codec",
    kind: "grow",
    applies: (s) => (num(s, "MIN_COUNT") ?? 0) > 1,
    apply: (s) => setNum(s, "MIN_COUNT", num(s, "MIN_COUNT")! - 1),
    hypothesis: (s) => `Lower MIN_COUNT ${num(s, "MIN_COUNT")}→${num(s, "MIN_COUNT")! - 1}: keep more of the rare counts while the artifact has room.`,
  },
  {
    key: "binary-varint",
    surface: "codec",
    kind: "shrink",
    applies: (s) => hasBlock(s, "codec") && !s.includes("LEB128"),
    apply: (s) => replaceBlock(s, "codec", binaryCodec(compressed(s))),
    hypothesis: () =>
      "Store the counts in a binary format (delta-coded sorted keys, LEB128 varints) instead of JSON: each count takes one or two bytes instead of ~8 characters, so the same model fits a much smaller artifact.",
  },
  {
    key: "deflate",
    surface: "codec",
    kind: "shrink",
    applies: (s) => hasBlock(s, "codec") && !compressed(s),
    apply: (s) =>
      s.replace("export function encode(", "function encodeRaw(").replace("export function decode(", "function decodeRaw(").trimEnd() +
      `\n\n// @compress-begin${DEFLATE}\n// @compress-end\n`,
    hypothesis: () =>
      "Deflate the stored model (zlib level 9): the serialised counts are highly repetitive, so a general compressor should cut the artifact a lot and make room for a larger model.",
  },
  {
    key: "brotli",
    surface: "codec",
    kind: "shrink",
    applies: (s) => compressed(s) && !s.includes("brotli"),
    apply: (s) => replaceBlock(s, "compress", BROTLI),
    hypothesis: () =>
      "Swap deflate for brotli (quality 11, 16 MiB window): it compresses repetitive structured bytes markedly better, freeing artifact bytes for more counts.",
  },
];

export function applicableMoves(files: Files, surface: "model" | "codec"): Move[] {
  const src = files.get(fileOfSurface(surface));
  return src === undefined ? [] : MOVES.filter((m) => m.surface === surface && m.applies(src));
}
