// Following a tab-separated log while its loop appends to it (autoresearch's results.tsv): each look
// takes the file up to its last complete line (a half-written row waits for its newline), says
// whether anything new arrived, and notices a file that was truncated or replaced under it.
import { statSync } from "node:fs";
import { basename, join } from "node:path";
import { sha256 } from "../text";
import { readFollowed, stageCopy, type FollowStep, type SourceFollower } from "./follower";

export function followTsv(path: string): SourceFollower {
  const file = statSync(path).isDirectory() ? join(path, "results.tsv") : path;
  let seen: { length: number; hash: string } | undefined;
  return {
    next(): FollowStep {
      const bytes = readFollowed(file);
      if (!Buffer.isBuffer(bytes)) return bytes;
      const complete = bytes.subarray(0, bytes.lastIndexOf(0x0a) + 1);
      const lines = complete
        .toString("utf8")
        .split("\n")
        .filter((l) => l.trim() !== "");
      if (lines.length < 2) return { kind: "waiting", why: `${basename(file)} has no complete row yet` };
      const hash = sha256(complete);
      if (seen && seen.length === complete.length && seen.hash === hash) return { kind: "unchanged" };
      let rewritten: "truncated" | "replaced" | undefined;
      if (seen && (complete.length < seen.length || sha256(complete.subarray(0, seen.length)) !== seen.hash)) {
        rewritten = complete.length < seen.length ? "truncated" : "replaced";
      }
      seen = { length: complete.length, hash };
      const { staged, remove } = stageCopy(file, complete, "source");
      return {
        kind: "changed",
        staged,
        identity: sha256(`${lines[0]}\n${lines[1]}`),
        rows: lines.length - 1,
        rewritten,
        remove,
      };
    },
  };
}
