import { FailureWindows } from "@/components/charts/failure-windows";
import { plural } from "@/lib/domain/plural";
import type { RunBreakdown } from "@/lib/domain/api-responses";

export function FailureWindowsPanel({ windows }: { windows: RunBreakdown["failureWindows"] }) {
  const labels = [...new Set(windows.windows.flatMap((w) => Object.keys(w.failures)))].sort();
  if (labels.length === 0)
    return (
      <p className="muted" data-testid="no-failures">
        No failed trials in this run.
      </p>
    );
  return (
    <div data-testid="failure-windows">
      <p className="muted">{windows.size === 1 ? "Failed trials, trial by trial." : `Failed trials per window of ${plural(windows.size, "trial")}.`}</p>
      <FailureWindows windows={windows.windows} labels={labels} />
    </div>
  );
}
