// The word a page shows for a run's state. The stored status says "finished" both when the runner
// spent the trial budget and when someone stopped the run; the last control event tells them apart.
export type RunStateWord = "queued" | "running" | "paused" | "finished" | "stopped" | "failed" | string;

export function runStateWord(status: string, lastControlAction: string | null | undefined): RunStateWord {
  return status === "finished" && lastControlAction === "run.stop" ? "stopped" : status;
}
