// airbench-mini's trusted scorer. It runs in a sandbox of its own, never with the recipe's code: it
// draws the training and test images from the installation's secret, serves training examples to the
// recipe's process one batch at a time (counting every example it hands out: that count is the
// training cost), and every EVAL_EVERY examples asks for the class of each test image — the test
// labels never leave this process — and computes the accuracy itself. The first checkpoint at or over
// the gate ends training: its example count is the score. A recipe that ends its schedule below the
// gate gets its final accuracy (the harness labels that gate_miss). Exit 2 with a reason on stderr:
// the recipe's answers are unusable (invalid_result). Writes $LINEAGE_RESULT_FILE.
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { openChannel } from "./channel.mjs";
import { CLASSES, PIXELS, SIDE, generateImages } from "./images.mjs";

// Frames of this task over golf-mini's channel (the same framing: length, type byte, payload).
const FRAME = { setup: 1, batch: 2, predict: 3, end: 4, ask: 9, predictions: 10, done: 11 };
export const GATE = 0.9; // accuracy the test set must reach; task.json's gate says the same
const TRAIN = 5000; // examples in the training set (one epoch)
const TEST = 1000;
const EVAL_EVERY = 500; // examples served between checkpoints
const MAX_BATCH = 4096;
const MAX_SERVED = 5_000_000; // a schedule longer than this ends as if the recipe had finished

function refuse(reason) {
  process.stderr.write(`${reason}\n`);
  process.exit(2);
}

// The images come from a secret of this installation (never in the repository, never in the recipe's
// process), so knowing this code does not tell the recipe the test labels.
const secret = process.env.LINEAGE_HELDOUT_SECRET;
if (!secret || secret.length < 32) {
  process.stderr.write("airbench-mini scorer: no held-out secret given (LINEAGE_HELDOUT_SECRET)\n");
  process.exit(1);
}
const seedOf = (what) => {
  const digest = createHash("sha256").update(`airbench-mini ${what}\n${secret}`).digest();
  return [0, 4, 8, 12].map((o) => digest.readUInt32LE(o));
};
const train = generateImages(seedOf("training images"), TRAIN);
const test = generateImages(seedOf("test images"), TEST);

// Each pass over the training set comes in its own order (Fisher-Yates from the secret).
const order = new Uint32Array(TRAIN).map((_, i) => i);
let orderRand = seedOf("order")[0] || 1;
const nextRand = () => ((orderRand ^= orderRand << 13), (orderRand ^= orderRand >>> 17), (orderRand ^= orderRand << 5), (orderRand >>> 0) / 4294967296);
const shuffle = () => {
  for (let i = TRAIN - 1; i > 0; i--) {
    const j = Math.floor(nextRand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
};

const channel = openChannel(TEST + 16);
const next = async (what) => {
  let frame;
  try {
    frame = await channel.read();
  } catch (e) {
    refuse(`the recipe's process sent a malformed frame ${what}: ${e.message}`);
  }
  if (!frame) refuse(`the recipe's process closed the channel ${what}`);
  return frame;
};

/** Asks for the class of every test image and counts the right ones here. */
async function accuracy(served) {
  await channel.write(FRAME.predict);
  const frame = await next(`at the checkpoint after ${served} examples`);
  if (frame.type !== FRAME.predictions || frame.payload.length !== TEST) {
    refuse(`at the checkpoint after ${served} examples the recipe's process sent a frame of type ${frame.type} and ${frame.payload.length} bytes (expected type ${FRAME.predictions} and ${TEST} bytes)`);
  }
  let right = 0;
  for (let n = 0; n < TEST; n++) {
    if (frame.payload[n] >= CLASSES) refuse(`test image ${n} got class ${frame.payload[n]} (there are ${CLASSES})`);
    if (frame.payload[n] === test.labels[n]) right++;
  }
  return right / TEST;
}

const setup = Buffer.alloc(16);
[SIDE, CLASSES, TRAIN, TEST].forEach((v, i) => setup.writeUInt32LE(v, 4 * i));
await channel.write(FRAME.setup, Buffer.concat([setup, Buffer.from(test.images.buffer)]));

const started = performance.now();
let served = 0;
let batches = 0;
let checkpoints = 0;
let nextCheckpoint = EVAL_EVERY;
let cursor = TRAIN;
let result;
for (;;) {
  const frame = await next(`after ${served} examples`);
  if (frame.type === FRAME.done || served >= MAX_SERVED) {
    checkpoints++;
    const acc = await accuracy(served);
    result = { train_examples: served, accuracy: acc, reached_gate: acc >= GATE ? 1 : 0 };
    break;
  }
  if (frame.type !== FRAME.ask || frame.payload.length !== 4) refuse(`after ${served} examples the recipe's process sent a frame of type ${frame.type} (expected a request for a batch)`);
  const n = frame.payload.readUInt32LE(0);
  if (n < 1 || n > MAX_BATCH) refuse(`the recipe's process asked for a batch of ${n} examples (1 to ${MAX_BATCH})`);
  if (served >= nextCheckpoint) {
    checkpoints++;
    const acc = await accuracy(served);
    if (acc >= GATE) {
      result = { train_examples: served, accuracy: acc, reached_gate: 1 };
      break;
    }
    while (nextCheckpoint <= served) nextCheckpoint += EVAL_EVERY;
  }
  const images = Buffer.alloc(n * PIXELS * 4);
  const labels = Buffer.alloc(n);
  const asFloats = new Float32Array(images.buffer, images.byteOffset, n * PIXELS);
  for (let k = 0; k < n; k++) {
    if (cursor >= TRAIN) (shuffle(), (cursor = 0));
    const i = order[cursor++];
    asFloats.set(train.images.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS);
    labels[k] = train.labels[i];
  }
  served += n;
  batches++;
  await channel.write(FRAME.batch, Buffer.concat([images, labels]));
}
await channel.write(FRAME.end);
channel.close();

const trainSeconds = (performance.now() - started) / 1000;
Object.assign(result, { batches, checkpoints, train_seconds: Number(trainSeconds.toFixed(3)) });
writeFileSync(process.env.LINEAGE_RESULT_FILE ?? "result.json", JSON.stringify(result));
process.stderr.write(`train_examples ${result.train_examples}  accuracy ${result.accuracy}  batches ${batches}  train ${trainSeconds.toFixed(2)} s\n`);
