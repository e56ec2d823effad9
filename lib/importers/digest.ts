// The digest of a source's files, read in chunks: the same bytes give the same run id.
import { closeSync, openSync, readSync } from "node:fs";
import { createHash } from "node:crypto";
import { relative } from "node:path";

export function digestFiles(root: string, files: string[]): string {
  const all = createHash("sha256");
  const buf = Buffer.alloc(1 << 20);
  for (const f of [...files].sort()) {
    const h = createHash("sha256");
    const fd = openSync(f, "r");
    try {
      for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) h.update(buf.subarray(0, n));
    } finally {
      closeSync(fd);
    }
    // The name inside the source counts too: the same bytes under another role are another source.
    all.update(`${relative(root, f)}\0${h.digest("hex")}\n`);
  }
  return all.digest("hex");
}
