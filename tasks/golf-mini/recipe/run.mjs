// golf-mini's recipe-side harness (protected from edits; it runs in the recipe's own process, so the
// scorer trusts nothing it says). Over fd 3 it receives the training text, trains model.mjs, stores
// the model with codec.mjs as out/model.bin (the artifact), restores it, then answers the scorer's
// questions: for each position, a distribution over the next byte given only the bytes revealed so far.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Socket } from "node:net";
import { decode, encode } from "./codec.mjs";
import { predict, train } from "./model.mjs";

const TYPES = { train: 1, streams: 2, reveal: 3, end: 4, ready: 9, predictions: 10 };
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

const trainFrame = await nextFrame();
if (trainFrame.type !== TYPES.train) throw new Error(`expected the training text, got frame type ${trainFrame.type}`);
const model = train(Buffer.from(trainFrame.body));
mkdirSync("out", { recursive: true });
writeFileSync("out/model.bin", encode(model));
const restored = decode(readFileSync("out/model.bin"));
await send(TYPES.ready);

const { body: setup } = await nextFrame();
const [count, warmup, scored] = [0, 4, 8].map((o) => setup.readUInt32LE(o));
const streams = Array.from({ length: count }, (_, s) => {
  const bytes = Buffer.alloc(warmup + scored);
  setup.copy(bytes, 0, 12 + s * warmup, 12 + (s + 1) * warmup);
  return bytes;
});
let known = warmup;
const out = new Float64Array(256);
const answer = new Float32Array(count * 256);
for (;;) {
  const frame = await nextFrame();
  if (frame.type === TYPES.end) break;
  if (frame.body.length > 0) {
    streams.forEach((bytes, s) => (bytes[known] = frame.body[s]));
    known++;
  }
  streams.forEach((bytes, s) => {
    out.fill(Number.NaN);
    predict(restored, bytes, known, out);
    answer.set(out, s * 256);
  });
  await send(TYPES.predictions, Buffer.from(answer.buffer));
}
socket.end();
