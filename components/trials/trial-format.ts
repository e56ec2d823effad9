// Signed score changes, coloured by whether they helped in the metric's direction.

export function deltaTone(delta: number | null, direction: "minimize" | "maximize"): "good" | "bad" | "" {
  if (delta === null || delta === 0) return "";
  return (direction === "minimize" ? delta < 0 : delta > 0) ? "good" : "bad";
}

/** Changes and sizes are written by the domain's one formatter (+x / −x; bytes grouped, binary units named). */
export { formatBytes, formatDelta } from "@/lib/domain/number-format";

export const trialHref = (id: string) => `/trials/${encodeURIComponent(id)}`;
