import { FAILURE_LABELS } from "@/lib/domain/failures";
import { OUTCOME_COLOURS, OUTCOME_NAMES, type Outcome } from "./outcome-style";

const ORDER: Outcome[] = ["best", "evaluated", "pending", ...FAILURE_LABELS];

export function LineageLegend({ showContext }: { showContext: boolean }) {
  return (
    <ul className="lineage-legend" aria-label="Legend" data-testid="lineage-legend">
      {ORDER.map((o) => (
        <li key={o}>
          <svg width="14" height="14" aria-hidden="true">
            <circle cx="7" cy="7" r="6" fill={OUTCOME_COLOURS[o]} stroke="#555" strokeDasharray={o === "pending" ? "2 2" : undefined} />
          </svg>
          {OUTCOME_NAMES[o]}
        </li>
      ))}
      <li>
        <svg width="22" height="14" aria-hidden="true">
          <line x1="1" y1="7" x2="21" y2="7" className="edge best-path" />
        </svg>
        path to the current best
      </li>
      <li>
        <svg width="22" height="14" aria-hidden="true">
          <rect x="1" y="2" width="20" height="10" rx="4" className="cluster-shape" />
        </svg>
        folded trials (click to open)
      </li>
      <li>
        <svg width="22" height="14" aria-hidden="true">
          <rect x="1" y="2" width="20" height="10" rx="4" className="region-shape" stroke="#777" />
        </svg>
        many trials in one area, zoomed out (click to zoom in)
      </li>
      {showContext && (
        <li>
          <svg width="22" height="14" aria-hidden="true">
            <line x1="1" y1="7" x2="21" y2="7" className="edge context" />
          </svg>
          what the trial in focus saw (context)
        </li>
      )}
    </ul>
  );
}
