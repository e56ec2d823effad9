// airbench-mini's recipe-side harness (protected from edits; it runs in the recipe's own process, so
// the scorer trusts nothing it says). Over fd 3 it receives the test images (never their labels),
// asks the scorer for training batches of optimizer.mjs's size, augments them with data.mjs, trains
// model.mjs with optimizer.mjs, and whenever the scorer asks, answers with its class for every test
// image. The scorer counts the examples it served and decides when the accuracy gate is reached.
import { Socket } from "node:net";
import { augment } from "./data.mjs";
import { createModel } from "./model.mjs";
import { BATCH_SIZE, EARLY_STOP, EPOCHS, LABEL_SMOOTHING, createOptimizer, learningRate } from "./optimizer.mjs";

// a failure ends with its reason as the last line, which is what the trial's failure detail quotes
process.on("uncaughtException", (e) => {
  process.stderr.write(`${e?.stack ?? e}\n${e?.message ?? e}\n`);
  process.exit(1);
});

const TYPES = { setup: 1, batch: 2, predict: 3, end: 4, ask: 9, predictions: 10, done: 11 };
const socket = new Socket({ fd: 3, readable: true, writable: true });
const incoming = socket[Symbol.asyncIterator]();
let pending = Buffer.alloc(0);

async function nextFrame() {
  while (pending.length < 4 || pending.length < 4 + pending.readUInt32LE(0)) {
    const { value, done } = await incoming.next();
    if (done) throw new Error("the scorer closed the channel");
    pending = pending.length ? Buffer.concat([pending, value]) : value;
  }
  const size = pending.readUInt32LE(0);
  const frame = pending.subarray(4, 4 + size);
  pending = pending.subarray(4 + size);
  return { type: frame[0], body: frame.subarray(1) };
}

function send(type, body = Buffer.alloc(0)) {
  const head = Buffer.alloc(5);
  head.writeUInt32LE(body.length + 1, 0);
  head[4] = type;
  return new Promise((done) => socket.write(Buffer.concat([head, body]), done));
}

/** The recipe's own random numbers (initialisation, augmentation): fixed, so a trial reproduces. */
function xorshift(seed) {
  let s = seed >>> 0 || 1;
  return () => ((s ^= s << 13), (s ^= s >>> 17), (s ^= s << 5), (s >>> 0) / 4294967296);
}

const setup = await nextFrame();
if (setup.type !== TYPES.setup) throw new Error(`expected the setup, got frame type ${setup.type}`);
const [side, classes, trainSize, testCount] = [0, 4, 8, 12].map((o) => setup.body.readUInt32LE(o));
const pixels = side * side;
const testImages = new Float32Array(new Uint8Array(setup.body.subarray(16, 16 + testCount * pixels * 4)).buffer);
const rand = xorshift(20261201);
const model = createModel(pixels, classes, rand);
const optimizer = createOptimizer(model.params);

async function answerPredictions() {
  const classOf = new Uint8Array(testCount);
  const chunk = 256;
  for (let s = 0; s < testCount; s += chunk) {
    const n = Math.min(chunk, testCount - s);
    const logits = model.forward(testImages.subarray(s * pixels, (s + n) * pixels), n);
    for (let q = 0; q < n; q++) {
      let best = 0;
      for (let k = 1; k < classes; k++) if (logits[q * classes + k] > logits[q * classes + best]) best = k;
      classOf[s + q] = best;
    }
  }
  await send(TYPES.predictions, Buffer.from(classOf.buffer));
}

/** The scorer's next word that is not a checkpoint: a batch, or the end of training. */
async function awaitBatch() {
  for (;;) {
    const frame = await nextFrame();
    if (frame.type === TYPES.predict) await answerPredictions();
    else return frame;
  }
}

const stepsPerEpoch = Math.ceil(trainSize / BATCH_SIZE);
const totalSteps = Math.max(1, Math.round(EPOCHS * stepsPerEpoch));
let ended = false;
let right = 0;
let seen = 0;
let epochLoss = 0;
const chance = Math.log(classes); // the loss of a uniform guess
for (let step = 0; step < totalSteps && !ended; step++) {
  const ask = Buffer.alloc(4);
  ask.writeUInt32LE(BATCH_SIZE, 0);
  await send(TYPES.ask, ask);
  const frame = await awaitBatch();
  if (frame.type === TYPES.end) {
    ended = true;
    break;
  }
  const n = BATCH_SIZE;
  const images = new Float32Array(new Uint8Array(frame.body.subarray(0, n * pixels * 4)).buffer);
  const labels = frame.body.subarray(n * pixels * 4);
  augment(images, n, side, rand);
  const logits = model.forward(images, n);
  // softmax cross-entropy with label smoothing: dlogits = softmax - target
  const dlogits = new Float32Array(n * classes);
  let loss = 0;
  const off = LABEL_SMOOTHING / classes;
  for (let s = 0; s < n; s++) {
    let max = -Infinity;
    let arg = 0;
    for (let k = 0; k < classes; k++) if (logits[s * classes + k] > max) (max = logits[s * classes + k]), (arg = k);
    if (arg === labels[s]) right++;
    let z = 0;
    for (let k = 0; k < classes; k++) z += Math.exp(logits[s * classes + k] - max);
    for (let k = 0; k < classes; k++) {
      const p = Math.exp(logits[s * classes + k] - max) / z;
      const target = (k === labels[s] ? 1 - LABEL_SMOOTHING : 0) + off;
      dlogits[s * classes + k] = p - target;
      loss -= target * Math.log(Math.max(p, 1e-30));
    }
  }
  if (!Number.isFinite(loss) || !Number.isFinite(max(logits))) throw new Error(`training diverged: the loss is ${loss} at step ${step}`);
  for (const g of model.grads) g.fill(0);
  model.backward(dlogits, n);
  optimizer.step(model.grads, learningRate(step, totalSteps), n);
  seen += n;
  epochLoss += loss;
  if ((step + 1) % stepsPerEpoch === 0) {
    // a whole epoch no better than guessing: the weights blew up (or died); stop, as a real run would
    if (epochLoss / seen >= 0.95 * chance) throw new Error(`training diverged: the loss is ${(epochLoss / seen).toFixed(3)} after epoch ${(step + 1) / stepsPerEpoch}, no better than chance (${chance.toFixed(3)})`);
    epochLoss = 0;
    const trainAccuracy = right / seen;
    if (EARLY_STOP > 0 && trainAccuracy >= EARLY_STOP) break;
    right = seen = 0;
  }
}
function max(xs) {
  let m = -Infinity;
  for (const v of xs) if (v > m) m = v;
  return m;
}

if (!ended) {
  await send(TYPES.done);
  await awaitBatch(); // the scorer's last checkpoint, then its end
}
socket.end();
