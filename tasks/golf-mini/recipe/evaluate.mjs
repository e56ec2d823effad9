// golf-mini evaluator (protected): trains the recipe, stores the model as out/model.bin, restores it
// and scores held-out text in bits per byte. Writes result.json; the harness measures the artifact
// (recipe code + out/) and enforces the wall-clock and memory budgets itself.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { generateText } from "./corpus.mjs";

const TRAIN_BYTES = 2_000_000;
const VALIDATION_BYTES = 200_000;
const CHECK_EVERY = 61; // positions whose whole distribution is checked (sums to 1, no negatives)

const started = performance.now();
const { train, predict } = await import("./model.mjs");
const { encode, decode } = await import("./codec.mjs");
const trainText = generateText(1, TRAIN_BYTES);
const validation = generateText(2, VALIDATION_BYTES);

const model = train(trainText);
const trainSeconds = (performance.now() - started) / 1000;
mkdirSync("out", { recursive: true });
writeFileSync("out/model.bin", encode(model));
const restored = decode(readFileSync("out/model.bin"));

const out = new Float64Array(256);
let bits = 0;
for (let i = 0; i < validation.length; i++) {
  out.fill(Number.NaN);
  predict(restored, validation, i, out);
  const p = out[validation[i]];
  if (!(p > 0 && p <= 1)) throw new Error(`position ${i}: the observed byte got probability ${p}`);
  if (i % CHECK_EVERY === 0) {
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      if (!(out[b] >= 0)) throw new Error(`position ${i}: byte ${b} got probability ${out[b]}`);
      sum += out[b];
    }
    if (Math.abs(sum - 1) > 1e-6) throw new Error(`position ${i}: probabilities sum to ${sum}, not 1`);
  }
  bits -= Math.log2(p);
}

const result = {
  val_bpb: bits / validation.length,
  train_seconds: trainSeconds,
  eval_seconds: (performance.now() - started) / 1000,
  model_bytes: readFileSync("out/model.bin").length,
  peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
};
writeFileSync("result.json", JSON.stringify(result));
console.log(`val_bpb ${result.val_bpb.toFixed(4)}  model ${result.model_bytes} bytes  ${result.eval_seconds.toFixed(2)} s`);
