"use client";
// Browser side: a run's lineage graph, with context edges fetched only when switched on.
import { useQuery } from "@tanstack/react-query";
import { apiRead } from "./client";

export function useLineage(runId: string, context: boolean) {
  return useQuery({
    queryKey: ["lineage", runId, context],
    queryFn: () => apiRead("lineage", { id: runId, context }),
    // Keep showing the graph without context edges while the edges load.
    placeholderData: (previous) => previous,
  });
}
