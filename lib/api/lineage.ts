"use client";
// Browser side: the level of detail of one viewport of a run's lineage, asked again as the view changes.
import { useQuery } from "@tanstack/react-query";
import { apiRead } from "./client";
import type { LineageParams } from "./endpoints";

export function useLineage(runId: string, params: LineageParams | null) {
  return useQuery({
    queryKey: ["lineage", runId, params],
    queryFn: () => apiRead("lineage", { id: runId, ...params! }),
    enabled: params !== null,
    // Keep drawing the last answer (in layout coordinates, so it stays in place) while the next loads.
    placeholderData: (previous) => previous,
  });
}
