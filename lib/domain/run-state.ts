// A run's state, defined once for every page. The stored status says "finished" both when the
// runner spent the trial budget and when someone stopped the run; the last control event tells
// them apart. A run is live while its status can still change: pages poll only then.
import type { RunStatus } from "./trace";

type Status = (typeof RunStatus.options)[number];
export type RunStateWord = Status | "stopped";

const LIVE: ReadonlySet<string> = new Set<Status>(["queued", "running", "paused"]);

/** True while the run can still change (queued, running or paused). */
export const isLive = (status: string): boolean => LIVE.has(status);

/** The word a page shows: "stopped" for a run someone stopped, else its status. */
export function runStateWord(status: string, lastControlAction: string | null | undefined): RunStateWord | string {
  return status === "finished" && lastControlAction === "run.stop" ? "stopped" : status;
}

/** Which control actions a run in `status` accepts (the same transitions the control service allows). */
export function runActions(status: string): { pause: boolean; resume: boolean; stop: boolean } {
  return { pause: status === "running" || status === "queued", resume: status === "paused", stop: isLive(status) };
}

/**
 * A run a client logs live (the Python client, `lineage watch`) is re-sent with a later status: a
 * live run may move to any other status, a finished or failed one never changes again.
 */
export const statusMayAdvance = (from: string, to: string): boolean => isLive(from) && from !== to;
