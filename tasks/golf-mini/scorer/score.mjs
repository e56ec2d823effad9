// golf-mini's trusted scorer. It runs in a sandbox of its own, never with the recipe's code: it holds
// the held-out text, hands the recipe's process the training text and then, position by position,
// only the bytes already scored (never the one being predicted), receives a full distribution over
// the next byte for each position, checks it and computes the bits itself. Exit 2 with a reason on
// stderr: the recipe's answers are unusable (invalid_result). Writes $LINEAGE_RESULT_FILE.
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { FRAME, openChannel } from "./channel.mjs";
import { generateText } from "./corpus.mjs";

const TRAIN_BYTES = 2_000_000;
// The held-out text is scored as STREAMS independent streams, so that one exchange asks for one
// prediction per stream: each stream starts with WARMUP revealed bytes of context, then SCORED
// positions, each revealed only after its prediction arrived.
const STREAMS = 1000;
const WARMUP = 32;
const SCORED = 100;
const TOLERANCE = 1e-3; // |sum - 1| allowed for float32 distributions; the bits use p / sum anyway

function refuse(reason) {
  process.stderr.write(`${reason}\n`);
  process.exit(2);
}

// The held-out text comes from a secret of this installation (never in the repository, never in the
// recipe's process), so knowing this code and the generator does not tell the recipe the answers.
const secret = process.env.LINEAGE_HELDOUT_SECRET;
if (!secret || secret.length < 32) {
  process.stderr.write("golf-mini scorer: no held-out secret given (LINEAGE_HELDOUT_SECRET)\n");
  process.exit(1);
}
const digest = createHash("sha256").update(`golf-mini held-out text\n${secret}`).digest();
const heldOutSeed = [0, 4, 8, 12].map((o) => digest.readUInt32LE(o));
const heldOut = generateText(heldOutSeed, STREAMS * (WARMUP + SCORED));
const stream = (s) => heldOut.subarray(s * (WARMUP + SCORED), (s + 1) * (WARMUP + SCORED));

const started = performance.now();
const channel = openChannel(STREAMS * 256 * 4 + 1);
const expect = async (type, bytes, what) => {
  let frame;
  try {
    frame = await channel.read();
  } catch (e) {
    refuse(`the recipe's process sent a malformed frame ${what}: ${e.message}`);
  }
  if (!frame) refuse(`the recipe's process closed the channel ${what}`);
  if (frame.type !== type || (bytes !== undefined && frame.payload.length !== bytes)) {
    refuse(`the recipe's process sent a frame of type ${frame.type} and ${frame.payload.length} bytes ${what} (expected type ${type}${bytes !== undefined ? ` and ${bytes} bytes` : ""})`);
  }
  return frame.payload;
};

await channel.write(FRAME.train, generateText([1, 0, 0, 0], TRAIN_BYTES));
await expect(FRAME.ready, 0, "after training");
const trainSeconds = (performance.now() - started) / 1000;

const header = Buffer.alloc(12);
header.writeUInt32LE(STREAMS, 0);
header.writeUInt32LE(WARMUP, 4);
header.writeUInt32LE(SCORED, 8);
await channel.write(FRAME.streams, Buffer.concat([header, ...Array.from({ length: STREAMS }, (_, s) => stream(s).subarray(0, WARMUP))]));

const probs = new Float32Array(STREAMS * 256);
const asBytes = new Uint8Array(probs.buffer);
/** Bits of one exchange's observed bytes, after checking every distribution whole. */
function scoreExchange(r) {
  let bits = 0;
  for (let s = 0; s < STREAMS; s++) {
    let sum = 0;
    for (let b = s * 256; b < (s + 1) * 256; b++) {
      const v = probs[b];
      if (!(v >= 0 && v <= 1)) refuse(`position ${r} of stream ${s}: byte ${b - s * 256} got probability ${v}`);
      sum += v;
    }
    if (Math.abs(sum - 1) > TOLERANCE) refuse(`position ${r} of stream ${s}: probabilities sum to ${sum}, not 1`);
    const p = probs[s * 256 + heldOut[s * (WARMUP + SCORED) + WARMUP + r]] / sum;
    if (!(p > 0)) refuse(`position ${r} of stream ${s}: the observed byte got probability 0`);
    bits -= Math.log2(p);
  }
  return bits;
}

let bits = 0;
for (let r = 0; r < SCORED; r++) {
  // reveal the bytes predicted in the previous exchange, then wait for this exchange's predictions
  const reveal = Buffer.alloc(r === 0 ? 0 : STREAMS);
  if (r > 0) for (let s = 0; s < STREAMS; s++) reveal[s] = heldOut[s * (WARMUP + SCORED) + WARMUP + r - 1];
  await channel.write(FRAME.reveal, reveal);
  asBytes.set(await expect(FRAME.predictions, probs.byteLength, `at position ${r}`));
  bits += scoreExchange(r);
}
await channel.write(FRAME.end);
channel.close();

const result = { val_bpb: bits / (STREAMS * SCORED), train_seconds: trainSeconds, eval_seconds: (performance.now() - started) / 1000 };
writeFileSync(process.env.LINEAGE_RESULT_FILE ?? "result.json", JSON.stringify(result));
process.stderr.write(`val_bpb ${result.val_bpb.toFixed(4)}  train ${trainSeconds.toFixed(2)} s  total ${result.eval_seconds.toFixed(2)} s\n`);
