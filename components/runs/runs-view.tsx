"use client";
// The runs list with its task filter and sort order in the URL; it polls while a run is live.
import { useRuns } from "@/lib/api/runs";
import type { RunListItem } from "@/lib/domain/api-responses";
import { useUrlState } from "@/components/ui/use-url-state";
import { VisibleText } from "@/components/ui/visible-text";
import { RunsTable } from "./runs-table";
import { parseRunSort, sortRuns, type RunSort } from "./sort-runs";

// Text columns read A→Z first; figures read largest (or latest) first.
const TEXT_SORTS = new Set<RunSort>(["name", "task", "status"]);

type TaskOption = { id: string; name: string };

export function RunsView({ tasks, initial, initialTask }: { tasks: TaskOption[]; initial: RunListItem[]; initialTask?: string }) {
  const { params, update } = useUrlState();
  const task = params.get("task") ?? undefined;
  const sort = parseRunSort(params.get("sort"));
  const desc = params.get("dir") ? params.get("dir") === "desc" : !TEXT_SORTS.has(sort);
  const runs = useRuns(task, task === initialTask ? initial : undefined);
  const onSort = (s: RunSort) => update({ sort: s, dir: s === sort ? (desc ? "asc" : "desc") : null }, "replace");

  return (
    <>
      <div className="toolbar">
        <label>
          Task{" "}
          <select value={task ?? ""} onChange={(e) => update({ task: e.target.value || null })} data-testid="task-filter">
            <option value="">All tasks</option>
            {tasks.map((t) => (
              <option key={t.id} value={t.id}>
                {/* option text is plain text already; bidi controls are still made visible */}
                <VisibleText text={t.name} />
              </option>
            ))}
          </select>
        </label>
        <span className="muted" aria-live="polite">
          {runs.isFetching ? "updating…" : runs.data ? `${runs.data.length} run${runs.data.length === 1 ? "" : "s"}` : ""}
        </span>
      </div>
      {runs.error ? (
        <p className="error-box" role="alert">
          Could not load the runs: {runs.error.message}
        </p>
      ) : null}
      {runs.data ? <RunsTable runs={sortRuns(runs.data, sort, desc)} sort={sort} desc={desc} onSort={onSort} /> : <p className="muted">Loading runs…</p>}
    </>
  );
}
