// golf-mini corpus (the scorer's): deterministic pseudo-English, generated, never downloaded.
// A Zipfian vocabulary of syllable-built words, word-to-word preferences, sentences and
// paragraphs, so longer contexts keep paying off and a model has real headroom.

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** sfc32: 128 bits of seed, so a text drawn from a secret seed cannot be found by trying seeds */
function sfc32([a, b, c, d]) {
  return () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

const ONSETS = ["b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "v", "w", "br", "ch", "st", "th", "tr", "pl", "gr", "sh"];
const VOWELS = ["a", "e", "i", "o", "u", "ea", "ou", "ai", "io"];
const CODAS = ["", "", "n", "r", "s", "t", "l", "nd", "st", "ng", "rk", "m"];

function buildVocabulary(rand, size) {
  const words = new Set(["the", "a", "of", "and", "to", "in", "is", "it", "that", "was"]);
  while (words.size < size) {
    const syllables = 1 + Math.floor(rand() * rand() * 4);
    let w = "";
    for (let s = 0; s < syllables; s++) {
      w += ONSETS[Math.floor(rand() * ONSETS.length)] + VOWELS[Math.floor(rand() * VOWELS.length)];
      if (s === syllables - 1 || rand() < 0.3) w += CODAS[Math.floor(rand() * CODAS.length)];
    }
    words.add(w);
  }
  return [...words];
}

function pick(rand, cumulative) {
  const x = rand() * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The language (vocabulary and grammar) is fixed and public; the seed only chooses which text is drawn. */
function buildLanguage() {
  const rand = mulberry32(20260501);
  const vocab = buildVocabulary(rand, 600);
  const zipf = [];
  let acc = 0;
  for (let i = 0; i < vocab.length; i++) zipf.push((acc += 1 / (i + 1.5)));
  // Each word prefers a handful of followers: word-level structure that byte contexts can learn.
  const followers = vocab.map(() => Array.from({ length: 6 }, () => pick(rand, zipf)));
  return { vocab, zipf, followers };
}

const LANGUAGE = buildLanguage();

/** `seed`: four 32-bit words. */
export function generateText(seed, bytes) {
  const { vocab, zipf, followers } = LANGUAGE;
  const rand = sfc32(seed);
  for (let i = 0; i < 12; i++) rand(); // mix the seed in before drawing
  const parts = [];
  let length = 0;
  let prev = pick(rand, zipf);
  while (length < bytes) {
    const words = 4 + Math.floor(rand() * 12);
    const sentence = [];
    for (let i = 0; i < words; i++) {
      prev = rand() < 0.55 ? followers[prev][Math.floor(rand() * rand() * 6)] : pick(rand, zipf);
      sentence.push(vocab[prev]);
      if (i < words - 1 && rand() < 0.08) sentence[sentence.length - 1] += ",";
    }
    sentence[0] = sentence[0][0].toUpperCase() + sentence[0].slice(1);
    const end = rand() < 0.85 ? "." : rand() < 0.5 ? "?" : "!";
    const text = sentence.join(" ") + end + (rand() < 0.15 ? "\n" : " ");
    parts.push(text);
    length += text.length;
  }
  return Buffer.from(parts.join("").slice(0, bytes), "latin1");
}
