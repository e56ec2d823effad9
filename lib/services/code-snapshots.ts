// Code stored content-addressed: each file once (by the hash of its text), each tree once (by the
// hash of its path -> file-hash manifest). Any trial's code can be rebuilt, re-run or diffed.
import type { Db } from "../../db/client";
import { getTrialRef as getTrialRefOf } from "../../db/read-queries";
import * as q from "../../db/runner-queries";
import { evaluatorFilesOf, type EvaluatorFiles } from "../domain/audit/evaluator-files";
import { canonicalJson, sha256Hex } from "../domain/canonical";
import { LineageError } from "../domain/errors";
import type { Files } from "../evaluator/files";

export function snapshotHashOf(files: Files): { hash: string; manifest: Record<string, string> } {
  const manifest: Record<string, string> = {};
  for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) manifest[path] = sha256Hex(content);
  return { hash: sha256Hex(canonicalJson(manifest)), manifest };
}

/** Stores a tree (inside the caller's write transaction); returns its hash. */
export function saveSnapshot(db: Db, files: Files): string {
  const { hash, manifest } = snapshotHashOf(files);
  for (const [path, content] of files) q.insertBlobIfMissing(db, manifest[path], content);
  q.insertSnapshotIfMissing(db, hash, manifest);
  return hash;
}

export function loadSnapshot(db: Db, hash: string): Files {
  const snap = q.getSnapshot(db, hash);
  if (!snap) throw new LineageError("not_found", `code snapshot ${hash} does not exist`);
  const blobs = new Map(q.getBlobs(db, [...new Set(Object.values(snap.files))]).map((b) => [b.hash, b.content]));
  return new Map(Object.entries(snap.files).map(([path, h]) => [path, blobs.get(h)!]));
}

/** The code a trial ran, or undefined for trials the runner did not make (imported ones). */
export function codeOfTrial(db: Db, trialId: string): Files | undefined {
  const hash = q.getTrialSnapshotHash(db, trialId);
  return hash ? loadSnapshot(db, hash) : undefined;
}

/** Characters of code one read answers: a recipe is small; a huge one is read file by file. */
const CODE_READ_CHARS = 2_000_000;

/** A trial's stored code as an agent or a person reads it: every file (or one), refused when there is none. */
export function codeOfTrialForReading(db: Db, trialId: string, path?: string): { trialId: string; files: { path: string; content: string }[] } {
  if (!getTrialRefOf(db, trialId)) throw new LineageError("not_found", `trial ${JSON.stringify(trialId)} does not exist`, { path: ["trialId"] });
  const files = codeOfTrial(db, trialId);
  if (!files)
    throw new LineageError("not_found", `trial ${JSON.stringify(trialId)} has no stored code (imported trials and edits refused before they ran carry none)`, {
      path: ["trialId"],
    });
  if (path !== undefined && !files.has(path))
    throw new LineageError(
      "not_found",
      `trial ${JSON.stringify(trialId)} has no file ${JSON.stringify(path)} (its files: ${[...files.keys()].sort().join(", ")})`,
      { path: ["path"] },
    );
  const chosen = [...files].filter(([p]) => path === undefined || p === path).sort(([a], [b]) => (a < b ? -1 : 1));
  const size = chosen.reduce((n, [, c]) => n + c.length, 0);
  if (size > CODE_READ_CHARS)
    throw new LineageError("payload_too_large", `the code is ${size} characters, over ${CODE_READ_CHARS} for one read; ask for one path at a time`, {
      path: ["path"],
    });
  return { trialId, files: chosen.map(([p, content]) => ({ path: p, content })) };
}

/** Whether the trial's code is stored (without loading it): what a re-evaluation needs. */
export const hasStoredCode = (db: Db, trialId: string): boolean => Boolean(q.getTrialSnapshotHash(db, trialId));

/** The protected (evaluator-owned) files of a tree and their one hash: what a trial's evaluator was. */
export function evaluatorFilesOfTree(files: Files, protectedPaths: readonly string[]): EvaluatorFiles {
  return evaluatorFilesOf(snapshotHashOf(files).manifest, protectedPaths);
}

/** The evaluator files a trial ran with (from its stored snapshot) and the hash recorded then. */
export function trialEvaluator(db: Db, trialId: string, protectedPaths: readonly string[]): { recordedHash: string | null; files: EvaluatorFiles } | undefined {
  const row = q.getTrialCodeRow(db, trialId);
  const snap = row ? q.getSnapshot(db, row.snapshotHash) : undefined;
  if (!row || !snap) return undefined;
  return { recordedHash: row.evaluatorHash, files: evaluatorFilesOf(snap.files, protectedPaths) };
}
