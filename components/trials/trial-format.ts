// Signed score changes, coloured by whether they helped in the metric's direction.
import { formatScore } from "@/components/runs/format";

export function deltaTone(delta: number | null, direction: "minimize" | "maximize"): "good" | "bad" | "" {
  if (delta === null || delta === 0) return "";
  return (direction === "minimize" ? delta < 0 : delta > 0) ? "good" : "bad";
}

export function formatDelta(delta: number | null): string {
  if (delta === null) return "—";
  return `${delta > 0 ? "+" : delta < 0 ? "−" : "±"}${formatScore(Math.abs(delta))}`;
}

export function formatBytes(n: number | null | undefined): string {
  if (n == null) return "—";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) (v /= 1024), i++;
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

export const trialHref = (id: string) => `/trials/${encodeURIComponent(id)}`;
