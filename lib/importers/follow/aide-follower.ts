// Following an AIDE log folder while it runs. AIDE rewrites journal.json whole after each step
// (aide/utils/serialize.py dump_json: open(path, "w") then one write), so a look can find it empty
// or half-written: that is waited for, not an error. The journal only gains nodes; one that lost
// nodes seen before was truncated, and one whose first node changed was replaced by another run.
import { statSync } from "node:fs";
import { basename, join } from "node:path";
import { sha256 } from "../text";
import { readFollowed, stageCopy, type FollowStep, type SourceFollower } from "./follower";

export function followAide(path: string): SourceFollower {
  const file = statSync(path).isDirectory() ? join(path, "journal.json") : path;
  let seen: { hash: string; ids: Set<string>; first: string } | undefined;
  return {
    next(): FollowStep {
      const bytes = readFollowed(file);
      if (!Buffer.isBuffer(bytes)) return bytes;
      const hash = sha256(bytes);
      if (seen && seen.hash === hash) return { kind: "unchanged" };
      const nodes = nodesOf(bytes.toString("utf8"));
      if (!nodes) return { kind: "waiting", why: `${basename(file)} is being written (not complete JSON with a nodes list yet)` };
      if (!nodes.length) return { kind: "waiting", why: `${basename(file)} has no node yet` };
      const first = [...nodes].sort((a, b) => a.step - b.step)[0].id;
      const ids = new Set(nodes.map((n) => n.id));
      let rewritten: "truncated" | "replaced" | undefined;
      if (seen && first !== seen.first) rewritten = "replaced";
      else if (seen && [...seen.ids].some((id) => !ids.has(id))) rewritten = "truncated";
      seen = { hash, ids, first };
      const { staged, remove } = stageCopy(file, bytes, "aide");
      return {
        kind: "changed",
        staged,
        identity: sha256(`aide:${first}`),
        rows: nodes.length,
        rewritten,
        remove,
      };
    },
  };
}

/** The journal's nodes (id and step), or undefined while it is not a complete journal. */
function nodesOf(text: string): { id: string; step: number }[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const nodes = (value as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return undefined;
  return nodes.map((n, i) => {
    const node = (n ?? {}) as { id?: unknown; step?: unknown };
    return { id: typeof node.id === "string" ? node.id : `node-${i + 1}`, step: typeof node.step === "number" ? node.step : i };
  });
}
