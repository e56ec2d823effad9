// airbench-mini's images (the scorer's): a deterministic, generated ten-class image set, never
// downloaded. Each class is a fixed pattern of strokes and blobs on a 12×12 grey canvas (public: the
// classes are the task); every example is its class's pattern moved by up to two pixels, scaled in
// contrast, with a distractor blob and pixel noise, so a model must learn shift-tolerant features
// and augmentation pays off. Which examples are drawn comes from a seed (the scorer's secret).

export const SIDE = 12;
export const PIXELS = SIDE * SIDE;
export const CLASSES = 10;

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

/** sfc32: 128 bits of seed, so examples drawn from a secret seed cannot be found by trying seeds */
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

/** roughly normal noise of unit variance: the sum of four uniforms, centred and scaled */
const noise = (rand) => (rand() + rand() + rand() + rand() - 2) * 1.7320508;

/** Paints a soft blob (radius r) centred at (x, y) with weight w onto a canvas of size×size (within 3r). */
function blob(canvas, size, x, y, r, w) {
  const reach = Math.ceil(3 * r);
  for (let j = Math.max(0, Math.floor(y) - reach); j <= Math.min(size - 1, Math.ceil(y) + reach); j++)
    for (let i = Math.max(0, Math.floor(x) - reach); i <= Math.min(size - 1, Math.ceil(x) + reach); i++)
      canvas[j * size + i] += w * Math.exp(-((i - x) ** 2 + (j - y) ** 2) / (2 * r * r));
}

/** Class patterns on a canvas with a two-pixel margin, so shifted examples keep their strokes. */
function buildPatterns() {
  const rand = mulberry32(20261201);
  const size = SIDE + 4;
  return Array.from({ length: CLASSES }, () => {
    const canvas = new Float64Array(size * size);
    const strokes = 2 + Math.floor(rand() * 2);
    for (let s = 0; s < strokes; s++) {
      // a stroke: blobs along a short line
      const x0 = 3 + rand() * (size - 6), y0 = 3 + rand() * (size - 6);
      const angle = rand() * Math.PI, length = 2 + rand() * 5;
      for (let k = 0; k <= 6; k++) blob(canvas, size, x0 + Math.cos(angle) * length * (k / 6 - 0.5), y0 + Math.sin(angle) * length * (k / 6 - 0.5), 0.9, 0.5);
    }
    return canvas;
  });
}

const PATTERNS = buildPatterns();

/** `count` examples drawn from `seed` (four 32-bit words): images (count × PIXELS, float32) and labels. */
export function generateImages(seed, count) {
  const rand = sfc32(seed);
  for (let i = 0; i < 12; i++) rand(); // mix the seed in before drawing
  const size = SIDE + 4;
  const images = new Float32Array(count * PIXELS);
  const labels = new Uint8Array(count);
  const extra = new Float64Array(SIDE * SIDE);
  for (let n = 0; n < count; n++) {
    const label = Math.floor(rand() * CLASSES);
    labels[n] = label;
    const pattern = PATTERNS[label];
    const dx = Math.floor(rand() * 5) - 2, dy = Math.floor(rand() * 5) - 2;
    const contrast = 0.6 + rand() * 0.8;
    extra.fill(0);
    blob(extra, SIDE, rand() * SIDE, rand() * SIDE, 1 + rand(), 0.4 + rand() * 0.6);
    for (let j = 0; j < SIDE; j++) {
      for (let i = 0; i < SIDE; i++) {
        const v = contrast * pattern[(j + 2 + dy) * size + (i + 2 + dx)] + extra[j * SIDE + i] + 0.35 * noise(rand);
        images[n * PIXELS + j * SIDE + i] = v;
      }
    }
  }
  return { images, labels };
}
