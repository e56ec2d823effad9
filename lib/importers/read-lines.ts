// Reading a trace file line by line, synchronously (so the lines can feed one SQLite transaction),
// with strict UTF-8: a bad byte is refused with its line number.
import { closeSync, openSync, readSync } from "node:fs";
import { LineageError } from "../domain/errors";

export function* readLinesSync(path: string | 0, chunkBytes = 1 << 20): Generator<string> {
  const fd = path === 0 ? 0 : openSync(path, "r");
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  const buf = Buffer.alloc(chunkBytes);
  let pending: Buffer = Buffer.alloc(0);
  let line = 0;
  const decode = (bytes: Buffer) => {
    line++;
    try {
      return decoder.decode(bytes);
    } catch {
      throw new LineageError("invalid_input", `line ${line}: not valid UTF-8`, { line });
    }
  };
  try {
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, chunkBytes, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "EAGAIN") continue;
        if ((e as NodeJS.ErrnoException).code === "EOF") break;
        throw e;
      }
      if (n === 0) break;
      let data = Buffer.concat([pending, buf.subarray(0, n)]);
      let nl: number;
      while ((nl = data.indexOf(0x0a)) !== -1) {
        yield decode(data.subarray(0, nl));
        data = data.subarray(nl + 1);
      }
      pending = Buffer.from(data);
    }
    if (pending.length > 0) yield decode(pending);
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}
