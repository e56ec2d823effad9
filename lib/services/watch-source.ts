// watchSource: follows another tool's loop while it runs, importing what it appends. Every look
// goes through importSource with ids from the source (a row already recorded is "unchanged"), so
// stopping and restarting watch writes nothing twice. The run is live (running) while followed and
// paused when watch stops; a source replaced under it is followed as a new run, and said so.
import type { Db } from "../../db/client";
import { getRunRow } from "../../db/read-queries";
import { LineageError } from "../domain/errors";
import { followAide } from "../importers/follow/aide-follower";
import { followOpenevolve } from "../importers/follow/openevolve-follower";
import { followTsv } from "../importers/follow/tsv-follower";
import type { SourceFollower } from "../importers/follow/follower";
import type { ImportFormat, ImportOptions } from "../importers/options";
import type { ImportReport } from "../importers/report";
import { analyseAllQueued } from "./analysis-queue";
import { importSource, sourceRunId } from "./import-source";
import { ingestTrace } from "./ingest-trace";
import { runRecord } from "./records";

const FOLLOWERS: Partial<Record<ImportFormat, (path: string) => SourceFollower>> = {
  autoresearch: followTsv,
  openevolve: followOpenevolve,
  aide: followAide,
};

export const WATCHABLE_FORMATS = Object.keys(FOLLOWERS) as ImportFormat[];

export type WatchEvent =
  | { event: "imported"; runId: string; rows: number; created: number; total: number; report: ImportReport }
  | { event: "waiting"; why: string }
  | { event: "rewritten"; runId: string; how: "truncated" | "replaced"; rows: number }
  | { event: "problem"; code: string; message: string }
  | { event: "stopped"; runId: string | null };

export type WatchInput = {
  path: string;
  options: ImportOptions;
  logTailChars: number;
  intervalMs: number;
  signal: AbortSignal;
  onEvent: (e: WatchEvent) => void;
  actor?: string;
};

export async function watchSource(db: Db, input: WatchInput): Promise<{ runId: string | null }> {
  const follow = FOLLOWERS[input.options.format];
  if (!follow)
    throw new LineageError("invalid_input", `watch follows ${WATCHABLE_FORMATS.join(", ")}; ${input.options.format} is imported with lineage import --from`);
  const follower = follow(input.path);
  let options = input.options;
  let runId: string | null = null;
  let lastWait: string | undefined;
  while (!input.signal.aborted) {
    const step = follower.next();
    if (step.kind === "waiting" && step.why !== lastWait) input.onEvent({ event: "waiting", why: step.why });
    lastWait = step.kind === "waiting" ? step.why : undefined;
    if (step.kind === "changed") {
      try {
        // Options are part of the id as in import; the content part is the source's identity, not its digest.
        const id = sourceRunId(input.options, `follow:${step.identity}`, { name: "", direction: "" });
        if (step.rewritten) input.onEvent({ event: "rewritten", runId: id, how: step.rewritten, rows: step.rows });
        if (id !== runId) {
          if (runId) setFollowedStatus(db, runId, "paused", input.logTailChars);
          setFollowedStatus(db, id, "running", input.logTailChars);
          runId = id;
        }
        const report = importSource(db, { path: step.staged, options, logTailChars: input.logTailChars, actor: input.actor, follow: { runId: id } });
        analyseAllQueued(db, id); // what this look stored, analysed before the next look
        // The direction chosen on the first look holds: later keep rows must not turn the task around.
        if (options.maximize === undefined) options = { ...options, maximize: report.task.direction === "maximize" };
        if (report.trials.created > 0 || report.run.created) {
          input.onEvent({ event: "imported", runId: id, rows: step.rows, created: report.trials.created, total: report.trials.total, report });
        }
      } catch (e) {
        const err = e instanceof LineageError ? e : new LineageError("internal", (e as Error).message);
        input.onEvent({ event: "problem", code: err.code, message: err.message });
      } finally {
        step.remove();
      }
    }
    await sleep(input.intervalMs, input.signal);
  }
  if (runId) setFollowedStatus(db, runId, "paused", input.logTailChars);
  input.onEvent({ event: "stopped", runId });
  return { runId };
}

/** A followed run's status, through the ingest (a live run may move on; the runner's runs never). */
function setFollowedStatus(db: Db, runId: string, status: "running" | "paused", logTailChars: number): void {
  const row = getRunRow(db, runId);
  if (!row || row.status === status || (row.status !== "running" && row.status !== "paused")) return;
  ingestTrace(db, [{ line: 1, record: { ...runRecord(row), status } }], { logTailChars });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
