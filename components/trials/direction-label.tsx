// Which way a figure improves, shown beside every improvement and Δ figure (issue 10 §4): an
// imported metric may be maximized or minimized, and a green number means nothing without it.
export type MetricDirection = "minimize" | "maximize";

export function DirectionLabel({ direction }: { direction: MetricDirection | string }) {
  const up = direction === "maximize";
  return (
    <span
      className="muted direction-label"
      data-testid="direction-label"
      data-direction={up ? "maximize" : "minimize"}
      title={up ? "the metric is maximized" : "the metric is minimized"}
      style={{ fontSize: "0.8em", whiteSpace: "nowrap" }}
    >
      {up ? "↑ higher is better" : "↓ lower is better"}
    </span>
  );
}
