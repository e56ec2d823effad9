// Frames over the channel between golf-mini's scorer and the recipe's process (fd 3 on both sides,
// relayed by the harness): a 4-byte little-endian length, then a type byte and the payload.
import { Socket } from "node:net";

export const FRAME = { train: 1, streams: 2, reveal: 3, end: 4, ready: 9, predictions: 10 };

/** Opens fd 3 as the channel; `maxFrame` bounds what the other side may make us buffer. */
export function openChannel(maxFrame) {
  const socket = new Socket({ fd: 3, readable: true, writable: true });
  const chunks = [];
  let buffered = 0;
  let ended = false;
  let failure;
  let wake;
  socket.on("data", (d) => {
    chunks.push(d);
    buffered += d.length;
    wake?.();
  });
  socket.on("end", () => ((ended = true), wake?.()));
  socket.on("error", (e) => ((failure = e), wake?.()));

  const take = (n) => {
    const out = Buffer.allocUnsafe(n);
    let at = 0;
    while (at < n) {
      const c = chunks[0];
      const used = Math.min(c.length, n - at);
      c.copy(out, at, 0, used);
      at += used;
      if (used === c.length) chunks.shift();
      else chunks[0] = c.subarray(used);
    }
    buffered -= n;
    return out;
  };
  const waitFor = async (n) => {
    while (buffered < n) {
      if (failure) throw failure;
      if (ended) return false;
      await new Promise((r) => (wake = r));
      wake = undefined;
    }
    return true;
  };

  return {
    /** the next frame as { type, payload }, or null at the end of the stream */
    async read() {
      if (!(await waitFor(4))) return null;
      const length = take(4).readUInt32LE(0);
      if (length < 1 || length > maxFrame) throw new Error(`a frame of ${length} bytes (at most ${maxFrame})`);
      if (!(await waitFor(length))) return null;
      const frame = take(length);
      return { type: frame[0], payload: frame.subarray(1) };
    },
    async write(type, payload = Buffer.alloc(0)) {
      const head = Buffer.alloc(5);
      head.writeUInt32LE(payload.length + 1, 0);
      head[4] = type;
      const ok = socket.write(Buffer.concat([head, payload]));
      if (!ok) await new Promise((r) => socket.once("drain", r));
    },
    close() {
      socket.end();
    },
  };
}
