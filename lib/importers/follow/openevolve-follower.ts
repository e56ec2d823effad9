// Following an OpenEvolve output folder while it runs. OpenEvolve saves a checkpoint by making
// checkpoints/checkpoint_N/, writing programs/<id>.json one by one with plain open("w"), then
// metadata.json, then best_program_info.json (controller._save_checkpoint, ProgramDatabase.save):
// nothing is atomic, so a checkpoint counts once its metadata.json and every program parse.
// Later checkpoints drop programs the search evicted, so each look stages the union of all complete
// checkpoints, oldest first, each program as first seen (and in the archive if it was there then):
// what was imported never changes under a later look, and a restart of watch stages the same.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { sha256 } from "../text";
import type { FollowStep, SourceFollower } from "./follower";

type Checkpoint = { name: string; n: number; dir: string };
type Read = { programs: Map<string, { text: string; id: string; order: [number, number] }>; archive: Set<string>; metaHash: string };
type Merged = { name: string; n: number; metaHash: string };
type Union = { merged: Merged[]; programs: Map<string, { text: string; id: string; inArchive: boolean }>; identity: string };

export function followOpenevolve(path: string): SourceFollower {
  // PATH is the output folder (its checkpoints/ may not exist yet) or its checkpoints/ folder.
  const outputName = basename(path) === "checkpoints" ? basename(dirname(path)) : basename(path);
  let union: Union | undefined;
  let staged: string | undefined; // the latest merged state handed to import, by its key
  let pending: "truncated" | "replaced" | undefined; // a rewrite seen, reported with the next staged copy
  return {
    next(): FollowStep {
      const checkpointsDir = basename(path) !== "checkpoints" && existsSync(join(path, "checkpoints")) ? join(path, "checkpoints") : path;
      const checkpoints = listCheckpoints(checkpointsDir);
      if (!checkpoints.length) return { kind: "waiting", why: `no checkpoint_N folder in ${basename(checkpointsDir)} yet` };
      let rewritten: "truncated" | "replaced" | undefined;
      // A merged checkpoint gone or changed: the folder was cleaned or replaced; start over from disk.
      if (union) {
        const now = new Map(checkpoints.map((c) => [c.name, c]));
        for (const m of union.merged) {
          const c = now.get(m.name);
          if (!c) rewritten ??= "truncated";
          else if (metaHash(c) !== m.metaHash) rewritten = "replaced";
        }
        // an older checkpoint than the first one merged: the folder is another run's now
        if (union.merged.length && checkpoints[0].n < union.merged[0].n) rewritten = "replaced";
        if (rewritten) union = undefined;
      }
      if (rewritten) pending = pending === "replaced" ? pending : rewritten;
      rewritten = pending;
      const u: Union = union ?? { merged: [], programs: new Map(), identity: "" };
      let waitingFor: string | undefined;
      for (const c of checkpoints) {
        if (u.merged.some((m) => m.name === c.name)) continue;
        const read = readCheckpoint(c);
        if (!read) {
          waitingFor = `${c.name} is being written (metadata.json or a program is not complete JSON yet)`;
          break;
        }
        if (!u.merged.length) u.identity = firstProgram(read);
        for (const [file, p] of read.programs) if (!u.programs.has(file)) u.programs.set(file, { text: p.text, id: p.id, inArchive: read.archive.has(p.id) });
        u.merged.push({ name: c.name, n: c.n, metaHash: read.metaHash });
      }
      union = u;
      if (!u.merged.length) return { kind: "waiting", why: waitingFor ?? "no complete checkpoint yet" };
      const latest = u.merged[u.merged.length - 1];
      const key = `${u.identity}:${u.merged.map((m) => `${m.name}=${m.metaHash}`).join(",")}`;
      if (key === staged && !rewritten) return waitingFor ? { kind: "waiting", why: waitingFor } : { kind: "unchanged" };
      staged = key;
      pending = undefined;
      const work = mkdtempSync(join(tmpdir(), "lineage-watch-"));
      const out = join(work, outputName || "openevolve", "checkpoints", latest.name);
      mkdirSync(join(out, "programs"), { recursive: true });
      for (const [file, p] of u.programs) writeFileSync(join(out, "programs", file), p.text);
      const latestDir = join(checkpointsDir, latest.name);
      // The latest metadata, with the archive as each program's first checkpoint had it (stable across looks).
      const meta = parseObject(readFileSync(join(latestDir, "metadata.json"), "utf8")) ?? {};
      const archive = [...u.programs.values()].filter((p) => p.inArchive).map((p) => p.id);
      writeFileSync(join(out, "metadata.json"), JSON.stringify({ ...meta, archive }));
      const best = join(latestDir, "best_program_info.json");
      if (existsSync(best) && parseObject(readFileSync(best, "utf8"))) cpSync(best, join(out, "best_program_info.json"));
      return {
        kind: "changed",
        staged: out,
        identity: sha256(`openevolve:${u.identity}`),
        rows: u.programs.size,
        rewritten,
        remove: () => rmSync(work, { recursive: true, force: true }),
      };
    },
  };
}

function listCheckpoints(dir: string): Checkpoint[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((d) => /^checkpoint_(\d+)$/.exec(d))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[0], n: Number(m[1]), dir: join(dir, m[0]) }))
    .filter((c) => statSync(c.dir).isDirectory())
    .sort((a, b) => a.n - b.n);
}

function metaHash(c: Checkpoint): string {
  try {
    return sha256(readFileSync(join(c.dir, "metadata.json")));
  } catch {
    return "";
  }
}

/** A checkpoint's programs and archive, or undefined while any of it is still being written. */
function readCheckpoint(c: Checkpoint): Read | undefined {
  let metaText: string;
  try {
    metaText = readFileSync(join(c.dir, "metadata.json"), "utf8");
  } catch {
    return undefined;
  }
  const meta = parseObject(metaText);
  if (!meta) return undefined;
  const programs: Read["programs"] = new Map();
  let files: string[];
  try {
    files = readdirSync(join(c.dir, "programs")).filter((f) => f.endsWith(".json"));
  } catch {
    files = [];
  }
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(join(c.dir, "programs", file), "utf8");
    } catch {
      return undefined;
    }
    const p = parseObject(text);
    if (!p) return undefined;
    const id = typeof p.id === "string" ? p.id : basename(file, ".json");
    const order: [number, number] = [numberOr(p.iteration_found), numberOr(p.timestamp)];
    programs.set(file, { text, id, order });
  }
  const archive = new Set(Array.isArray(meta.archive) ? meta.archive.filter((x): x is string => typeof x === "string") : []);
  return { programs, archive, metaHash: sha256(metaText) };
}

/** The search's first program (the initial one): the run's identity while the folder only grows. */
function firstProgram(read: Read): string {
  const all = [...read.programs.values()].sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1] || a.id.localeCompare(b.id));
  return all[0]?.id ?? `empty:${read.metaHash}`;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

const numberOr = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : Infinity);
