import { FailureWindows } from "@/components/charts/failure-windows";
import type { RunBreakdown } from "@/lib/services/run-agents";

export function FailureWindowsPanel({ windows }: { windows: RunBreakdown["failureWindows"] }) {
  const labels = [...new Set(windows.windows.flatMap((w) => Object.keys(w.failures)))].sort();
  if (labels.length === 0) return <p className="muted" data-testid="no-failures">No failed trials in this run.</p>;
  return (
    <div data-testid="failure-windows">
      <p className="muted">Failed trials per window of {windows.size.toLocaleString()} trials.</p>
      <FailureWindows windows={windows.windows} labels={labels} />
    </div>
  );
}
