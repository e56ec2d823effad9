// Browser side: a run's lineage graph, with context edges fetched only when switched on.
import { useQuery } from "@tanstack/react-query";
import type { LineageGraph } from "@/lib/services/lineage-graph";
import { fetchJson } from "./fetch-json";

export function lineagePath(runId: string, context: boolean): string {
  return `/api/runs/${encodeURIComponent(runId)}/lineage${context ? "?context=true" : ""}`;
}

export function useLineage(runId: string, context: boolean) {
  return useQuery({
    queryKey: ["lineage", runId, context],
    queryFn: () => fetchJson<LineageGraph>(lineagePath(runId, context)),
    // Keep showing the graph without context edges while the edges load.
    placeholderData: (previous) => previous,
  });
}
